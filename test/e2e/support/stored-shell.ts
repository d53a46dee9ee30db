import type { Page } from '@playwright/test';

/** The paths in the service worker's precache: the app shell, once stored (src/pwa/sw.ts). */
export function storedShell(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys())
      if (name.includes('precache'))
        for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
    return paths;
  });
}
