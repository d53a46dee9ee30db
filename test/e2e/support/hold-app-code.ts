// Holds the app's own code back (every script of the built page except the small one that starts
// Python, src/preboot.ts, and what it imports; worker scripts pass), to show what the page does
// before the app has run. The scripts are told apart by reading the built page from `base`.
import { expect, type Page } from '@playwright/test';

export interface HeldAppCode {
  /** Whether a request for the app's code is being held. */
  holding(): boolean;
  release(): void;
}

export async function holdAppCode(page: Page, base: string): Promise<HeldAppCode> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let holding = false;
  const html = await (await fetch(base)).text();
  const preboot = /<script type="module" async[^>]*src="\.\/(assets\/preboot-[^"]+\.js)"/.exec(
    html,
  )?.[1];
  expect(preboot).toBeTruthy();
  const prebootCode = await (await fetch(new URL(preboot!, base))).text();
  const ahead = new Set([
    preboot!,
    ...[...prebootCode.matchAll(/from\s*"\.\/([^"]+)"/g)].map((m) => `assets/${m[1]}`),
  ]);
  await page.route(/\/assets\/[^/]+\.js$/, async (route) => {
    const file = new URL(route.request().url()).pathname.replace(/^.*\/assets\//, 'assets/');
    if (ahead.has(file) || /\.worker-/.test(file)) return route.continue();
    holding = true;
    await held;
    await route.continue();
  });
  return { holding: () => holding, release };
}
