// Drives llama.cpp (wllama) in headless Chromium for the GGUF benchmarks, on two pages of one
// browser: the app (its WllamaRuntime: the GGUF imported into the app's OPFS store, loaded by the
// runtime, requests through WllamaEngine.chat, the calls the chat makes) and the bare page
// (bench/bare/bare-wllama.js: the same library and wasm called directly). Both pages are
// cross-origin isolated, so both get the thread count asked for.

/** Opens the app with the GGUF stored in its OPFS store (the import is not timed). */
export async function openApp(env, gguf) {
  const page = await (await env.browser.newContext()).newPage();
  await page.goto(env.appURL);
  await page.waitForFunction(() => globalThis.__codeact?.gguf);
  // The page's own start-up (Python's worker booting, the service worker's precache download)
  // would take CPU from llama.cpp's thread: measured runs start once both are done.
  await page.evaluate(async () => {
    await globalThis.__codeact.python.run('1+1');
    // Bounded: a page whose service worker never activates is still measured.
    if ('serviceWorker' in navigator)
      await Promise.race([
        navigator.serviceWorker.ready,
        new Promise((r) => setTimeout(r, 120_000)),
      ]);
  });
  await page.evaluate(
    async ({ url, name, threads }) => {
      const rt = globalThis.__codeact.gguf.createRuntime({ threads });
      const blob = await (await fetch(url)).blob();
      const model = await rt.importFiles({ files: [new File([blob], name)] });
      globalThis.__benchGguf = { rt, model, engine: null };
    },
    { url: env.fixtureURL + gguf.name, name: gguf.name, threads: gguf.threads },
  );
  return page;
}

/** Stored model → ready to chat, through the app's runtime; returns ms and what was loaded. */
export function appLoad(page, gguf) {
  return page.evaluate(async (contextWindow) => {
    const b = globalThis.__benchGguf;
    await b.rt.unload();
    const t0 = performance.now();
    b.engine = await b.rt.load(b.model, { contextWindow });
    const loadMs = performance.now() - t0;
    const { threads, backend, contextWindow: ctx } = b.engine.info;
    // The owner's own part (library, worker, wasm, llama.cpp's load), without the store and probe.
    return { loadMs, libraryLoadMs: b.engine.info.loadMs, threads, backend, contextWindow: ctx };
  }, gguf.contextWindow);
}

/** One request through the app's engine: send → first delta, and llama.cpp's timings. */
export function appChat(page, messages, maxTokens) {
  return page.evaluate(
    async ({ messages, maxTokens }) => {
      const engine = globalThis.__benchGguf.engine;
      const t0 = performance.now();
      const stream = engine.chat(messages, { temperature: 0, maxTokens });
      let firstTokenMs;
      let chars = 0;
      for await (const delta of stream) {
        if (delta) firstTokenMs ??= performance.now() - t0;
        chars += delta.length;
      }
      await stream.result;
      return { firstTokenMs, timings: engine.lastTimings, chars };
    },
    { messages, maxTokens },
  );
}

export async function openBare(env, gguf) {
  const page = await (await env.browser.newContext()).newPage();
  await page.goto(env.bareURL + 'bare-wllama.html');
  await page.waitForFunction(() => globalThis.bareWllamaReady);
  await page.evaluate(({ url, name }) => globalThis.bareWllama.store(url, name), {
    url: `models/${gguf.name}`,
    name: gguf.name,
  });
  return page;
}

export function bareLoad(page, gguf) {
  return page.evaluate(
    ({ name, threads, contextWindow }) =>
      globalThis.bareWllama
        .load(name, { threads, contextWindow })
        .then((r) => ({ ...r, backend: 'cpu' })),
    gguf,
  );
}

export function bareChat(page, messages, maxTokens) {
  return page.evaluate(
    ({ messages, maxTokens }) =>
      globalThis.bareWllama.chat(messages, { temperature: 0, maxTokens }),
    { messages, maxTokens },
  );
}

/** The pages must run what was asked: the same thread count, on the CPU, with the same context. */
export function checkLoaded(side, got, gguf) {
  if (
    got.threads !== gguf.threads ||
    got.backend !== 'cpu' ||
    got.contextWindow !== gguf.contextWindow
  )
    throw new Error(
      `${side} loaded ${JSON.stringify(got)}, asked for ${gguf.threads} thread(s) on the CPU, n_ctx ${gguf.contextWindow}`,
    );
}

/** A short request after each load, so the measured one does not pay llama.cpp's first-request set-up. */
export const WARM_UP = [{ role: 'user', content: 'Warm-up. Say hi.' }];
