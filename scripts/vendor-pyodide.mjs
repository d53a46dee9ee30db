#!/usr/bin/env node
// Copies the Pyodide core out of node_modules into public/pyodide/ so the app loads
// Python from its own origin, and vendors the wheels of the packages the agent
// needs (the dependency closure of numpy, pandas, scikit-learn, matplotlib, plus
// tzdata), each checked against the lock's sha256. Wheels come from
// PYODIDE_WHEELS_DIR (e.g. an unpacked Pyodide release) or the official CDN.
// Wheels it cannot get are rewritten in the lock to their CDN URL for exactly this
// version, so they still load at run time when online. The build never fails for that.
//
// Env: PYODIDE_OUT_DIR (default public/pyodide), PYODIDE_WHEELS_DIR,
//      PYODIDE_NO_DOWNLOAD=1 (skip the CDN), PYODIDE_EXTRA_LOCK (JSON file with extra
//      lock entries {name: entry} to merge in and vendor; used by the tests),
//      PYODIDE_VENDOR (comma-separated package names, replaces the default targets).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('pyodide/package.json'));
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
const out = path.resolve(process.env.PYODIDE_OUT_DIR ?? 'public/pyodide');
const CDN = `https://cdn.jsdelivr.net/pyodide/v${version}/full/`;
const CORE = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip'];
const DEFAULT_TARGETS = ['numpy', 'pandas', 'scikit-learn', 'matplotlib', 'tzdata'];

const normalize = (n) => n.toLowerCase().replace(/[-_.]+/g, '-');
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

export function closure(lock, targets) {
  // Lock keys; `depends` entries are not always normalized (pyodide.md §4.1).
  const byName = new Map(Object.entries(lock.packages).map(([key, p]) => [normalize(p.name), key]));
  const seen = new Set();
  const visit = (name) => {
    const key = byName.get(normalize(name));
    if (!key || seen.has(key)) return;
    seen.add(key);
    for (const d of lock.packages[key].depends ?? []) visit(d);
  };
  targets.forEach(visit);
  return [...seen].sort();
}

async function fromCdn(fileName) {
  const res = await fetch(CDN + fileName, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

async function cdnReachable() {
  if (process.env.PYODIDE_NO_DOWNLOAD === '1') return false;
  try {
    const res = await fetch(CDN + 'pyodide-lock.json', {
      method: 'HEAD',
      signal: AbortSignal.timeout(5000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** The wheel's bytes if they can be had and match the lock, else a reason. */
async function obtain(entry, wheelsDir, online) {
  const local = wheelsDir && path.join(wheelsDir, entry.file_name);
  let buf;
  if (local && fs.existsSync(local)) buf = fs.readFileSync(local);
  else if (online) buf = await fromCdn(entry.file_name).catch((e) => e);
  else return { why: 'not in PYODIDE_WHEELS_DIR and the CDN is unreachable' };
  if (buf instanceof Error) return { why: `download failed: ${buf.message}` };
  if (sha256(buf) !== entry.sha256) return { why: 'sha256 does not match the lock (refusing it)' };
  return { buf };
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  for (const f of CORE) {
    const src = path.join(pkgDir, f);
    const dst = path.join(out, f);
    if (!fs.existsSync(dst) || fs.statSync(dst).size !== fs.statSync(src).size)
      fs.copyFileSync(src, dst);
  }
  const lock = JSON.parse(fs.readFileSync(path.join(pkgDir, 'pyodide-lock.json'), 'utf8'));
  const extraFile = process.env.PYODIDE_EXTRA_LOCK;
  const extra = extraFile ? JSON.parse(fs.readFileSync(extraFile, 'utf8')) : {};
  Object.assign(lock.packages, extra);
  const targets = process.env.PYODIDE_VENDOR
    ? process.env.PYODIDE_VENDOR.split(',').filter(Boolean)
    : DEFAULT_TARGETS;
  const wanted = closure(lock, [...targets, ...Object.keys(extra)]);
  const wheelsDir = process.env.PYODIDE_WHEELS_DIR;
  const online = await cdnReachable();
  const vendored = [];
  const missing = [];
  for (const name of wanted) {
    const entry = lock.packages[name];
    const dst = path.join(out, entry.file_name);
    if (fs.existsSync(dst) && sha256(fs.readFileSync(dst)) === entry.sha256) {
      vendored.push(name);
      continue;
    }
    const got = await obtain(entry, wheelsDir, online);
    if (got.buf) {
      fs.writeFileSync(dst, got.buf);
      vendored.push(name);
    } else missing.push(`${name} (${got.why})`);
  }
  // Everything not vendored loads from the CDN for exactly this version.
  for (const [key, p] of Object.entries(lock.packages)) {
    if (!vendored.includes(key) && !/^[a-z]+:/i.test(p.file_name)) p.file_name = CDN + p.file_name;
  }
  fs.writeFileSync(path.join(out, 'pyodide-lock.json'), JSON.stringify(lock));
  const rel = path.relative(process.cwd(), out) || '.';
  console.log(`pyodide ${version}: core copied to ${rel}/; ${vendored.length} wheel(s) vendored.`);
  if (missing.length) {
    console.log(
      `Not vendored (they will load from ${CDN} at run time, when online):\n  ${missing.join('\n  ')}\n` +
        'To bundle them for offline use: PYODIDE_WHEELS_DIR=<unpacked Pyodide release> npm run build',
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
