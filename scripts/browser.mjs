// Where the tests find Chromium, and the flags they launch it with.
import fs from 'node:fs';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

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
