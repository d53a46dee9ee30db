// The browser the tests and benchmarks launch (scripts/browser.mjs) does not preload the address
// bar's popup as a WebUI page in each new context: that renderer took some 0.6 s of CPU per context
// on a 2-core machine, in the seconds a test or a bench run loads Pyodide. Without the flag, the
// popup's page is there as soon as the context's first page is.
import { expect, test } from '@playwright/test';

test('a new browser context brings no preloaded address-bar WebUI', async ({ browser }) => {
  const cdp = await browser.newBrowserCDPSession();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('about:blank');
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { type: string; url: string }[];
    };
    expect(targetInfos.some((t) => t.type === 'page' && t.url === 'about:blank')).toBe(true);
    expect(targetInfos.filter((t) => t.url.includes('omnibox-popup'))).toEqual([]);
  } finally {
    await context.close();
    await cdp.detach();
  }
});
