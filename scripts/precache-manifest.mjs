#!/usr/bin/env node
// Writes the precache lists into dist/sw.js: every app file the service worker stores for
// offline use with a content hash as its revision, so a new build updates exactly the files that
// changed. Two tiers: the worker installs once the app shell is stored (the page, the scripts and
// styles it lists, the Python worker, icons), except a first install on a host without the CSP,
// which stores nothing, so that a first visit's Python (which waits for the worker's lock there)
// starts sooner. Everything else (the Pyodide core, wheels, demos, the local-model runtimes) is stored
// after: served through the worker as Python fetches it, and the rest (with a first install's
// shell) when the page says Python is ready (src/pwa/sw.ts, CACHE_LATER).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(process.argv[2] ?? 'dist');
const PLACEHOLDER = 'self.__WB_MANIFEST';
const LATER_PLACEHOLDER = 'self.__CODEACT_LATER';
/**
 * Stored at install: the app shell, i.e. the page, the scripts and styles it lists
 * (its entry and the app's first-screen code; src/preboot.ts is inline in it), the Python worker scripts,
 * icons. Everything else (the editor, the Models panel, the local-model runtimes, Pyodide…) is
 * stored after (src/pwa/sw.ts, CACHE_LATER): the smaller the install, the sooner the worker is
 * ready.
 */
export const AT_INSTALL = [
  /^index\.html$/,
  /^assets\/python(-network)?\.worker-/,
  /^(favicon|manifest|embed)[^/]*$/,
  /^icons\//,
];

/** The assets that index.html itself lists (script, modulepreload, stylesheet or its preload). */
export function pageAssets(dist) {
  const file = path.join(dist, 'index.html');
  if (!fs.existsSync(file)) return new Set();
  const html = fs.readFileSync(file, 'utf8');
  return new Set(
    [...html.matchAll(/(?:src|href)="(?:\.\/|\/)?(assets\/[^"]+)"/g)].map((m) => m[1]),
  );
}
const INCLUDE = /\.(js|mjs|css|html|wasm|zip|json|svg|png|whl|py|csv|webmanifest)$/;
// Model weights are cached by WebLLM itself (never twice); sw.js cannot precache itself;
// pyodide.js is the unused classic-script loader.
const EXCLUDE = [/^models\//, /^bench-fixtures\//, /\.map$/, /^sw\.js$/, /^pyodide\/pyodide\.js$/];
// pyodide.asm.wasm is 9.6 MB and some wheels are larger; a file bigger than this is skipped, loudly.
const MAX_BYTES = 64 * 1024 * 1024;

function* walk(dir, rel = '') {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(path.join(dir, e.name), r);
    else if (e.isFile()) yield r;
  }
}

export function precacheEntries(dist) {
  const entries = [];
  const later = [];
  const skipped = [];
  let bytes = 0;
  let laterBytes = 0;
  const page = pageAssets(dist);
  for (const rel of walk(dist)) {
    if (!INCLUDE.test(rel) || EXCLUDE.some((x) => x.test(rel))) continue;
    const file = path.join(dist, rel);
    const size = fs.statSync(file).size;
    if (size > MAX_BYTES) {
      skipped.push(rel);
      continue;
    }
    const revision = crypto.createHash('md5').update(fs.readFileSync(file)).digest('hex');
    if (!page.has(rel) && !AT_INSTALL.some((x) => x.test(rel))) {
      later.push({ url: rel, revision });
      laterBytes += size;
    } else {
      entries.push({ url: rel, revision });
      bytes += size;
    }
  }
  entries.sort((a, b) => a.url.localeCompare(b.url));
  later.sort((a, b) => a.url.localeCompare(b.url));
  return { entries, later, skipped, bytes, laterBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sw = path.join(DIST, 'sw.js');
  const src = fs.readFileSync(sw, 'utf8');
  if (!src.includes(PLACEHOLDER) || !src.includes(LATER_PLACEHOLDER)) {
    console.error(
      `${sw} lacks the ${PLACEHOLDER} or ${LATER_PLACEHOLDER} placeholder (already injected, or not built by vite.sw.config.ts)`,
    );
    process.exit(1);
  }
  const { entries, later, skipped, bytes, laterBytes } = precacheEntries(DIST);
  fs.writeFileSync(
    sw,
    src
      .replace(PLACEHOLDER, JSON.stringify(entries))
      .replace(LATER_PLACEHOLDER, JSON.stringify(later)),
  );
  for (const s of skipped)
    console.warn(`precache: ${s} is over ${MAX_BYTES} bytes and will not be available offline`);
  console.log(
    `precache: ${entries.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB at install, ${later.length} files, ${(laterBytes / 1024 / 1024).toFixed(1)} MB after → ${path.relative(process.cwd(), sw)}`,
  );
}
