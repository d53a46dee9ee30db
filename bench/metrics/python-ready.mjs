// 1-2. Navigation -> Python ready (first result of `1+1`), app vs bare page,
// cold (fresh browser context: empty HTTP cache, no service worker) and warm
// (same context reloaded: service worker / HTTP cache). `plain`: both served by a static host
// that sends no headers, first visit (the app's Python waits for its service worker's lock).

/** The pause after each run's context is closed (see below). */
const SETTLE_MS = 1000;

async function appReady(page) {
  return page.evaluate(async () => {
    await globalThis.__codeact.python.run('1+1');
    return performance.now();
  });
}

async function bareReady(page) {
  return page.evaluate(() => globalThis.bareReady);
}

async function storedByWorker(page, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const done = await page.evaluate(
      async () =>
        navigator.serviceWorker.controller !== null &&
        (await caches.match(new URL('__codeact-later-complete', document.baseURI).href)) !==
          undefined,
    );
    if (done) return;
    if (Date.now() > end) throw new Error('The service worker did not finish storing the app.');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function pythonReady(env, { warm, plain = false }) {
  const app = [];
  const bare = [];
  const arms = [
    ['app', plain ? env.appPlainURL : env.appURL, appReady, app],
    ['bare', plain ? env.barePlainURL : env.bareURL, bareReady, bare],
  ];
  for (let i = 0; i < env.runs; i++) {
    // Each side goes first in every other run, so an order effect cannot favour either.
    for (const [kind, url, read, out] of i % 2 ? [...arms].reverse() : arms) {
      const ctx = await env.browser.newContext();
      try {
        const page = await ctx.newPage();
        if (warm) {
          await page.goto(url);
          await read(page);
          if (kind === 'app') {
            // Let the service worker finish storing the app (the shell at install, the rest once
            // Python is ready: src/pwa/sw.ts marks that complete), so the reload is served from it.
            // Polled with evaluate: waitForFunction takes the Promise an async check returns as a
            // truthy value at once, without waiting for it.
            await storedByWorker(page);
          }
        }
        await page.goto(url);
        out.push(await read(page));
      } finally {
        await ctx.close();
        // A closed context's teardown (its workers, service worker and storage) goes on in the
        // browser for a while and slowed whichever run came next: let it end first.
        await new Promise((r) => setTimeout(r, SETTLE_MS));
      }
    }
  }
  return { app, bare };
}
