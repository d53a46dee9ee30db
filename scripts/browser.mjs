// Where the tests find Chromium, and the flags they launch it with.
import fs from 'node:fs';

/**
 * The features Playwright itself launches Chromium without (its `--disable-features` list,
 * playwright-core's chromiumSwitches). Repeated here because Chromium keeps only the last
 * `--disable-features` switch it is given: ours replaces Playwright's. A unit test checks that this
 * still covers Playwright's list (test/unit/browser-args.test.ts).
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Browser chrome that no test or benchmark looks at. Chromium 156 preloads the address bar's popup
 * as a WebUI page (chrome://omnibox-popup.top-chrome) in every new window, and each Playwright
 * browser context is one: a renderer that took some 0.6 s of CPU in the first seconds of every
 * context (our measurement, 2026-12-04), on a 2-core machine the very seconds a test or a bench
 * run loads Pyodide. A user's tab opened in an existing window does not pay it (bench/README.md).
 */
export const BROWSER_CHROME_FEATURES = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxFullPopup',
  'WebUIOmniboxAimPopup',
];

/** The one `--disable-features` switch: `features` and the browser chrome's. */
export function disableFeatures(features) {
  return `--disable-features=${[...features, ...BROWSER_CHROME_FEATURES].join(',')}`;
}

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

export const chromiumArgs = [...BASE_ARGS, disableFeatures(PLAYWRIGHT_DISABLED_FEATURES)];

/** chromiumArgs with another list of disabled features (in place of Playwright's). */
export function chromiumArgsDisabling(features) {
  return [...BASE_ARGS, disableFeatures(features)];
}

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download; null if none. */
export async function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  try {
    const { chromium } = await import('@playwright/test');
    const p = chromium.executablePath();
    if (p && fs.existsSync(p)) return p;
  } catch {
    /* Playwright not installed or no browser downloaded */
  }
  return null;
}

export function findChromiumSync() {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium'])
    if (c && fs.existsSync(c)) return c;
  return undefined; // let Playwright use its own download, if any
}

export const HOW_TO_GET_CHROMIUM = `No Chromium found for the browser tests.
Get one of:
  - Debian/Ubuntu:   sudo apt-get install -y chromium        (gives /usr/bin/chromium)
  - any browser:     export CHROMIUM_PATH=/path/to/chromium-or-chrome
  - with internet:   npx playwright install chromium`;
