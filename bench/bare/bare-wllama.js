// Bare llama.cpp baseline page for the benchmarks: the very same wllama library and self-hosted
// wasm that the app ships, called directly with the same load and request parameters the app's
// WllamaHost and chat-request.ts use. No framework, no app code. The GGUF is stored once in this
// origin's private file system (OPFS), like the app's store, and loaded from there.
import { Wllama } from './wllama-lib/index.js';

const quiet = () => {};
let wllama = null;

async function storedFile(name) {
  const root = await navigator.storage.getDirectory();
  return (await root.getFileHandle(name)).getFile();
}

/** Fetches the GGUF next to this page into OPFS (not timed). */
async function store(url, name) {
  const root = await navigator.storage.getDirectory();
  const w = await (await root.getFileHandle(name, { create: true })).createWritable();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  await res.body.pipeTo(w);
  return (await storedFile(name)).size;
}

/** Stored GGUF → ready to chat, in ms: the worker, the wasm and the model (the app's load path). */
async function load(name, { threads, contextWindow }) {
  await unload();
  const t0 = performance.now();
  const file = await storedFile(name);
  const t1 = performance.now();
  wllama = new Wllama(
    { default: new URL('./wllama/wllama.wasm', location.href).href },
    { logger: { debug: quiet, log: quiet, warn: console.warn, error: console.error } },
  );
  wllama.setCompat(null);
  await wllama.loadModel([file], {
    n_ctx: contextWindow,
    n_threads: threads,
    n_parallel: 1,
    reasoning_format: 'none',
    n_gpu_layers: 0,
  });
  const t2 = performance.now();
  return {
    loadMs: t2 - t0,
    libraryLoadMs: t2 - t1,
    threads: wllama.isMultithread() ? wllama.getNumThreads() : 1,
    contextWindow: wllama.getLoadedContextInfo().n_ctx,
  };
}

async function unload() {
  if (wllama) await wllama.exit().catch(() => {});
  wllama = null;
}

/** One streamed request; the request body the app's chatParams() builds for these options. */
async function chat(messages, { temperature, maxTokens }) {
  const t0 = performance.now();
  let firstTokenMs;
  let timings;
  let text = '';
  const stream = await wllama.createChatCompletion({
    messages,
    stream: true,
    cache_prompt: true,
    temperature,
    max_tokens: maxTokens,
  });
  for await (const chunk of stream) {
    const delta = chunk.choices?.[0]?.delta?.content ?? '';
    if (delta) {
      firstTokenMs ??= performance.now() - t0;
      text += delta;
    }
    if (chunk.timings) timings = chunk.timings;
  }
  return { firstTokenMs, timings, chars: text.length };
}

window.bareWllama = { store, load, unload, chat };
window.bareWllamaReady = true;
