// Puts the page's first script (src/preboot.ts: it starts the Python worker) into the built page as
// an inline classic script, before the app's module script. Inline, it runs as the parser reaches
// it: an `async` module script of its own first had to be fetched, and ran some 20 to 30 ms later
// on a cold load (bench/README.md). The document CSP allows exactly this script's text by its
// sha256 (PREBOOT_SCRIPT_HASH in scripts/headers.mjs, sent by every host and the service worker);
// the build fails when the two differ, and says what the hash must be. The text is the same from
// build to build: the Python worker's hashed file name goes in a `data-` attribute, which the hash
// does not cover.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minifySync, transformWithOxc } from 'vite';
import { isLockedPythonWorkerScript, PREBOOT_SCRIPT_HASH } from '../headers.mjs';

const PREBOOT = path.resolve(import.meta.dirname, '../../src/preboot.ts');

/** The CSP source that allows an inline script with exactly this text. */
export function scriptHashSource(text) {
  return `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * src/preboot.ts as the inline script's text: types stripped, wrapped so that its names stay its
 * own (a classic script's top level is the page's global scope), minified.
 */
export async function prebootScriptText(source = fs.readFileSync(PREBOOT, 'utf8')) {
  const js = await transformWithOxc(source, 'preboot.ts', { lang: 'ts' });
  // What is left of the type-only imports: a classic script can have no import or export.
  const body = js.code.replace(/^export\s*\{\s*\};?\s*$/m, '');
  if (/^\s*(import|export)\b/m.test(body))
    throw new Error('preboot: src/preboot.ts may import types only (it becomes a classic script)');
  const min = minifySync('preboot.js', `(() => {\n${body}\n})();\n`, {
    compress: true,
    mangle: true,
  });
  if (min.errors.length) throw new Error(`preboot: ${min.errors[0].message}`);
  const text = min.code.trim();
  if (/<\/script/i.test(text)) throw new Error('preboot: the script text cannot hold "</script"');
  return text;
}

/** index.html with the inline first script placed before the first module script. */
export function withPrebootScript(html, text, workerFile) {
  const tag = `<script data-python-worker="./${workerFile}">${text}</script>`;
  const at = html.indexOf('<script type="module"');
  if (at < 0) throw new Error('preboot: index.html has no module script to go before');
  return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
}

export function prebootPlugin() {
  let text;
  return {
    name: 'codeact-preboot',
    apply: 'build',
    async buildStart() {
      text = await prebootScriptText();
      const hash = scriptHashSource(text);
      if (hash !== PREBOOT_SCRIPT_HASH)
        this.error(
          `preboot: src/preboot.ts changed, so its inline script's hash did too: set ` +
            `PREBOOT_SCRIPT_HASH in scripts/headers.mjs to "${hash}" (it is ${PREBOOT_SCRIPT_HASH}).`,
        );
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // The locked worker (the one whose script response carries the worker CSP).
        const worker = Object.keys(ctx.bundle ?? {}).find(isLockedPythonWorkerScript);
        if (!worker) throw new Error('preboot: no Python worker script in the bundle');
        return withPrebootScript(html, text, worker);
      },
    },
  };
}
