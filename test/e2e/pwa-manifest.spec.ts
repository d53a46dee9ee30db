import { chromium, expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumArgs, findChromiumSync } from '../../scripts/browser.mjs';

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

test('the web app manifest is valid, its icons exist, and Chromium finds the app installable', async ({
  page,
}) => {
  await page.goto('./');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestURL = new URL(href!, page.url()).href;
  const res = await page.request.get(manifestURL);
  expect(res.ok()).toBe(true);
  const m = await res.json();
  expect(m.name).toBeTruthy();
  expect(m.short_name).toBeTruthy();
  expect(m.display).toBe('standalone');
  expect(m.start_url).toBe('./');
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);

  const sizes = new Set<string>();
  let maskable = false;
  for (const icon of m.icons as Array<{
    src: string;
    sizes: string;
    type: string;
    purpose?: string;
  }>) {
    const r = await page.request.get(new URL(icon.src, manifestURL).href);
    expect(r.ok(), icon.src).toBe(true);
    expect(r.headers()['content-type']).toContain('image/png');
    const { width, height } = pngSize(await r.body());
    expect(`${width}x${height}`).toBe(icon.sizes);
    sizes.add(icon.sizes);
    if (icon.purpose?.includes('maskable')) maskable = true;
  }
  expect(sizes.has('192x192')).toBe(true);
  expect(sizes.has('512x512')).toBe(true);
  expect(maskable).toBe(true);

  // The tab's icon is a PNG of the size it says (an SVG icon is drawn as a whole SVG document on
  // the page's main thread while Python starts: scripts/make-icons.py).
  const pageIcons = await page
    .locator('link[rel="icon"]')
    .evaluateAll((links) =>
      links.map((l) => [(l as HTMLLinkElement).href, l.getAttribute('sizes') ?? '']),
    );
  expect(pageIcons).toHaveLength(1);
  for (const [href, size] of pageIcons) {
    const r = await page.request.get(href!);
    expect(r.ok(), href).toBe(true);
    expect(r.headers()['content-type']).toContain('image/png');
    const { width, height } = pngSize(await r.body());
    expect(`${width}x${height}`).toBe(size);
  }

  // Chromium's own installability check (needs a real, non-incognito profile).
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'codeact-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: findChromiumSync(),
    args: chromiumArgs,
    headless: true,
  });
  try {
    const p = ctx.pages()[0] ?? (await ctx.newPage());
    await p.goto(page.url());
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });
    const cdp = await ctx.newCDPSession(p);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
