// The GGUF (llama.cpp) benchmarks, on one GGUF, one machine, one thread count:
// - gguf-app-vs-bare: the app's engine vs bare wllama in the same browser, runs interleaved;
// - gguf-vs-native:   the app's engine vs native llama.cpp (node-llama-cpp) in this process.
// Options: --threads N (default 1: the machine is shared), --tokens N (generated per request),
// --model-file F.gguf (default: the SmolLM2 fixture of `npm run fixtures`).
import fs from 'node:fs';
import path from 'node:path';
import {
  appChat,
  appLoad,
  bareChat,
  bareLoad,
  checkLoaded,
  openApp,
  openBare,
  WARM_UP,
} from './gguf-browser.mjs';
import { openNative } from './gguf-native.mjs';
import {
  collect,
  comparisonRows,
  describeRuns,
  GGUF_CONTEXT,
  GGUF_TOKENS,
  ggufMessages,
  llamaRates,
  timestampRates,
} from './gguf-stats.mjs';

const FIXTURE = '.cache/models/SmolLM2-135M-Instruct-Q4_1.gguf';

function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

function positive(value, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} wants a whole number ≥ 1, not ${value}`);
  return n;
}

/** The options, and the GGUF linked next to the app and the bare page (once per bench run). */
function setUp(env) {
  if (env.gguf) return env.gguf;
  const file = path.resolve(option(env.args, '--model-file', FIXTURE));
  if (!fs.existsSync(file))
    throw new Error(
      file === path.resolve(FIXTURE)
        ? `${FIXTURE} is missing: run \`npm run fixtures\` once (it fetches and checks it).`
        : `--model-file ${file}: no such file`,
    );
  const name = path.basename(file);
  fs.symlinkSync(file, path.join(env.fixtureDir, name));
  fs.mkdirSync(path.join(env.bareDir, 'models'), { recursive: true });
  fs.symlinkSync(file, path.join(env.bareDir, 'models', name));
  // The bare page loads the very same wasm the app serves, and the library's own ES module.
  fs.symlinkSync(path.join(env.distDir, 'wllama'), path.join(env.bareDir, 'wllama'));
  fs.mkdirSync(path.join(env.bareDir, 'wllama-lib'));
  fs.symlinkSync(
    path.resolve('node_modules/@wllama/wllama/esm/index.js'),
    path.join(env.bareDir, 'wllama-lib', 'index.js'),
  );
  env.gguf = {
    file,
    name,
    threads: positive(option(env.args, '--threads', '1'), '--threads'),
    tokens: positive(option(env.args, '--tokens', String(GGUF_TOKENS)), '--tokens'),
    contextWindow: GGUF_CONTEXT,
  };
  return env.gguf;
}

/** The rows of two sides' runs (the first is the app): the measures, then what was compared. */
function report(gguf, sides, specs) {
  const [[nameA, runsA], [nameB, runsB]] = Object.entries(sides);
  const a = collect(runsA);
  const b = collect(runsB);
  const label = `ours, ${gguf.threads} thread${gguf.threads > 1 ? 's' : ''}`;
  const compared = describeRuns(
    { [nameA]: a, [nameB]: b },
    { model: gguf.name, threads: gguf.threads },
  );
  return {
    rows: [...comparisonRows(a, b, specs, label), ['compared', compared, '', '', '']],
    raw: { gguf, sides },
  };
}

export async function ggufAppVsBare(env) {
  const gguf = setUp(env);
  const app = await openApp(env, gguf);
  const bare = await openBare(env, gguf);
  const sides = { app: [], bare: [] };
  try {
    for (let i = 0; i < env.runs; i++) {
      const both = [
        ['app', app, appLoad, appChat],
        ['bare', bare, bareLoad, bareChat],
      ];
      // Each side goes first in every other run, so a drift within a run favours neither.
      for (const [name, page, load, chat] of i % 2 ? both.reverse() : both) {
        const loaded = await load(page, gguf);
        checkLoaded(name, loaded, gguf);
        await chat(page, WARM_UP, 4);
        const r = await chat(page, ggufMessages(i), gguf.tokens);
        sides[name].push({
          loadMs: loaded.loadMs,
          libraryLoadMs: loaded.libraryLoadMs,
          firstTokenMs: r.firstTokenMs,
          ...llamaRates(r.timings),
        });
      }
    }
  } finally {
    await app.context().close();
    await bare.context().close();
  }
  return report(gguf, sides, [
    {
      key: 'decodeTokS',
      title: 'decode tok/s, app engine vs bare wllama',
      unit: 'tok/s',
      target: 'ratio ≥ 0.97',
    },
    {
      key: 'prefillTokS',
      title: 'prefill tok/s, app engine vs bare wllama',
      unit: 'tok/s',
      target: 'ratio ≥ 0.97',
    },
    {
      key: 'firstTokenMs',
      title: 'time to first token (send → first delta)',
      unit: 'ms',
      target: 'ratio ≤ 1.10',
    },
    {
      key: 'loadMs',
      title: 'load from storage (stored → ready to chat)',
      unit: 'ms',
      target: 'ratio ≤ 1.10',
    },
    {
      key: 'libraryLoadMs',
      title: 'of which the library: worker, wasm, model into llama.cpp',
      unit: 'ms',
    },
  ]);
}

export async function ggufVsNative(env) {
  const gguf = setUp(env);
  const app = await openApp(env, gguf);
  let native;
  const sides = { app: [], native: [] };
  try {
    checkLoaded('app', await appLoad(app, gguf), gguf);
    await appChat(app, WARM_UP, 4);
    native = await openNative(gguf.file, {
      threads: gguf.threads,
      contextWindow: gguf.contextWindow,
    });
    if (native.threads !== gguf.threads)
      throw new Error(`native llama.cpp runs ${native.threads} threads, asked for ${gguf.threads}`);
    await native.run(WARM_UP, 4);
    for (let i = 0; i < env.runs; i++) {
      const r = await appChat(app, ggufMessages(i), gguf.tokens);
      sides.app.push({ firstTokenMs: r.firstTokenMs, ...llamaRates(r.timings) });
      sides.native.push(timestampRates(await native.run(ggufMessages(i), gguf.tokens)));
    }
  } finally {
    await app.context().close();
    await native?.close();
  }
  const vs = `browser / native llama.cpp (node-llama-cpp ${native.version})`;
  return report(gguf, sides, [
    { key: 'decodeTokS', title: `decode tok/s, ${vs}`, unit: 'tok/s', target: 'reported' },
    { key: 'prefillTokS', title: `prefill tok/s, ${vs}`, unit: 'tok/s', target: 'reported' },
    { key: 'firstTokenMs', title: 'time to first token', unit: 'ms', target: 'reported' },
  ]);
}
