// Holds the app's own code back (every script of the built page; the one that starts Python is
// inline in the page, src/preboot.ts, and worker scripts pass), to show what the page does before
// the app has run.
import type { Page } from '@playwright/test';

export interface HeldAppCode {
  /** Whether a request for the app's code is being held. */
  holding(): boolean;
  release(): void;
}

export async function holdAppCode(page: Page): Promise<HeldAppCode> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let holding = false;
  await page.route(/\/assets\/[^/]+\.js$/, async (route) => {
    if (/\.worker-/.test(new URL(route.request().url()).pathname)) return route.continue();
    holding = true;
    await held;
    await route.continue();
  });
  return { holding: () => holding, release };
}
