// The flags every test, benchmark and evaluation launches Chromium with (scripts/browser.mjs).
// Chromium keeps only the last --disable-features switch, so ours replaces Playwright's own list:
// it must still hold every feature Playwright turns off, read here from the installed Playwright.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BROWSER_CHROME_FEATURES,
  chromiumArgs,
  chromiumArgsDisabling,
  PLAYWRIGHT_DISABLED_FEATURES,
} from '../../scripts/browser.mjs';

/** Playwright's `disabledFeatures = [ … ]` list, from playwright-core's bundled source. */
function playwrightDisabledFeatures(): string[] {
  const require = createRequire(import.meta.url);
  const lib = path.join(path.dirname(require.resolve('playwright-core/package.json')), 'lib');
  const sources = [
    path.join(lib, 'coreBundle.js'),
    path.join(lib, 'server/chromium/chromiumSwitches.js'),
  ];
  const text = sources.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8'));
  const block = text.map((t) => /disabledFeatures\s*=\s*\[([\s\S]*?)\]/.exec(t)?.[1]).find(Boolean);
  if (!block)
    throw new Error('Playwright’s disabled-features list was not found: update this test.');
  const code = block.replace(/\/\/.*$/gm, '');
  return [...code.matchAll(/"([A-Za-z0-9_]+)"|'([A-Za-z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!);
}

const switchesOf = (args: string[]) => args.filter((a) => a.startsWith('--disable-features='));
const featuresOf = (args: string[]) => switchesOf(args)[0]!.split('=')[1]!.split(',');

describe('the Chromium flags (scripts/browser.mjs)', () => {
  it('keep every feature Playwright turns off, in the one --disable-features switch', () => {
    const playwright = playwrightDisabledFeatures();
    expect(playwright.length).toBeGreaterThan(5);
    expect(switchesOf(chromiumArgs)).toHaveLength(1);
    expect(featuresOf(chromiumArgs)).toEqual(expect.arrayContaining(playwright));
    expect(PLAYWRIGHT_DISABLED_FEATURES).toEqual(expect.arrayContaining(playwright));
  });

  it('turn off the browser chrome’s preloaded WebUI, also with a list of a test’s own', () => {
    expect(featuresOf(chromiumArgs)).toEqual(expect.arrayContaining(BROWSER_CHROME_FEATURES));
    const own = chromiumArgsDisabling(['HttpsUpgrades']);
    expect(switchesOf(own)).toHaveLength(1);
    expect(featuresOf(own)).toEqual(['HttpsUpgrades', ...BROWSER_CHROME_FEATURES]);
  });
});
