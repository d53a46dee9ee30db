#!/usr/bin/env node
// Copies llama.cpp's WebAssembly build for wllama out of node_modules into public/wllama/, so the
// app serves it from its own origin (and the service worker precaches it for offline use):
//   wllama.wasm         the main build (memory64 + JSPI; Chromium),
//   compat/wllama.js    the fallback build's worker and wasm (wasm32 + Asyncify) that wllama
//   compat/wllama.wasm  loads on browsers without JSPI or memory64 (Safari).
// Both come from the npm packages pinned in package.json at the same version as the JS:
// wllama refuses a wasm from another llama.cpp commit (`version_mismatch`), and without a
// self-hosted compat build it would fetch one from jsDelivr at run time.
//
// Env: WLLAMA_OUT_DIR (default public/wllama).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = path.resolve(process.env.WLLAMA_OUT_DIR ?? 'public/wllama');

const pkgDir = (name) => path.dirname(require.resolve(`${name}/package.json`));
const version = (name) =>
  JSON.parse(fs.readFileSync(path.join(pkgDir(name), 'package.json'), 'utf8')).version;

/** [source inside the package, destination under out]. */
export const WLLAMA_FILES = [
  ['@wllama/wllama', 'esm/wasm/wllama.wasm', 'wllama.wasm'],
  ['@wllama/wllama-compat', 'wasm/wllama.js', 'compat/wllama.js'],
  ['@wllama/wllama-compat', 'wasm/wllama.wasm', 'compat/wllama.wasm'],
];

function main() {
  const main = version('@wllama/wllama');
  const compat = version('@wllama/wllama-compat');
  if (main !== compat) {
    console.error(
      `@wllama/wllama ${main} and @wllama/wllama-compat ${compat} differ: pin both to the same version.`,
    );
    process.exit(1);
  }
  fs.mkdirSync(path.join(out, 'compat'), { recursive: true });
  for (const [pkg, from, to] of WLLAMA_FILES) {
    const src = path.join(pkgDir(pkg), from);
    const dst = path.join(out, to);
    if (!fs.existsSync(dst) || fs.statSync(dst).size !== fs.statSync(src).size)
      fs.copyFileSync(src, dst);
  }
  console.log(
    `wllama ${main}: wasm (main and compat builds) copied to ${path.relative(process.cwd(), out)}/`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
