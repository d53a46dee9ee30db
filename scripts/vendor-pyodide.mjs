#!/usr/bin/env node
// Copies the Pyodide core out of node_modules into public/pyodide/ so the app
// loads Python from its own origin (never a CDN).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('pyodide/package.json'));
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
const out = path.resolve(process.env.PYODIDE_OUT_DIR ?? 'public/pyodide');
const CORE = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
];

fs.mkdirSync(out, { recursive: true });
for (const f of CORE) {
  const src = path.join(pkgDir, f);
  const dst = path.join(out, f);
  const st = fs.statSync(src);
  if (!fs.existsSync(dst) || fs.statSync(dst).size !== st.size) fs.copyFileSync(src, dst);
}
console.log(`pyodide ${version}: core copied to ${path.relative(process.cwd(), out)}/`);
