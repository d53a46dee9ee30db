// The one shared header list: the Python worker's CSP goes on its script only, pages get the
// document CSP, the LLM worker none; the CDN folder in the worker CSP is this Pyodide version's.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_CSP,
  PYODIDE_CDN,
  PYODIDE_VERSION,
  PYTHON_NETWORK_WORKER_CSP,
  PYTHON_WORKER_CSP,
  securityHeaders,
} from '../../scripts/headers.mjs';
import { CDN_URL } from '../../workers/python/packages';

const csp = (path: string, kind: 'document' | 'worker' | 'other') =>
  securityHeaders(path, kind)['Content-Security-Policy'];

describe('security headers', () => {
  it('pins the installed Pyodide version and its CDN folder', () => {
    const pkg = JSON.parse(fs.readFileSync('node_modules/pyodide/package.json', 'utf8'));
    expect(PYODIDE_VERSION).toBe(pkg.version);
    expect(PYODIDE_CDN).toBe(CDN_URL(pkg.version));
  });

  it('locks the Python worker script, built and in dev, and only it', () => {
    expect(csp('assets/python.worker-DAOm_y-E.js', 'worker')).toBe(PYTHON_WORKER_CSP);
    expect(csp('/workers/python/python.worker.ts', 'worker')).toBe(PYTHON_WORKER_CSP);
    expect(csp('assets/python-network.worker-x1.js', 'worker')).toBe(PYTHON_NETWORK_WORKER_CSP);
    expect(csp('assets/llm.worker-ChQQw6lz.js', 'worker')).toBeUndefined();
    expect(csp('assets/not-python.worker.js.map', 'other')).toBeUndefined();
    expect(csp('index.html', 'document')).toBe(DOCUMENT_CSP);
    expect(securityHeaders('x.js', 'other')['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });

  it('the locked policy allows its own origin and the CDN folder only, and no eval', () => {
    expect(PYTHON_WORKER_CSP).toContain(`connect-src 'self' ${PYODIDE_CDN};`);
    expect(PYTHON_WORKER_CSP).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(PYTHON_WORKER_CSP).toContain("worker-src 'none'");
    expect(PYTHON_WORKER_CSP).not.toContain("unsafe-eval'; c".replace("'; c", "' "));
    expect(PYTHON_NETWORK_WORKER_CSP).not.toMatch(/'unsafe-eval'/);
  });

  it('the document policy loads nothing remote but may connect (model servers)', () => {
    for (const d of ['img-src', 'style-src', 'font-src', 'media-src'])
      expect(DOCUMENT_CSP).not.toMatch(new RegExp(`${d} [^;]*https?:`));
    expect(DOCUMENT_CSP).toContain("frame-src 'none'");
    expect(DOCUMENT_CSP).toContain("object-src 'none'");
    expect(DOCUMENT_CSP).toMatch(/connect-src [^;]*http: https:/);
  });

  it('only the document may start blob: workers (llama.cpp), never the Python workers', () => {
    expect(DOCUMENT_CSP).toContain("worker-src 'self' blob:;");
    expect(DOCUMENT_CSP).not.toMatch(/worker-src [^;]*(data:|https?:|\*)/);
    for (const policy of [PYTHON_WORKER_CSP, PYTHON_NETWORK_WORKER_CSP]) {
      expect(policy).toMatch(/worker-src 'none'$/);
      expect(policy).not.toContain('blob:');
    }
  });
});
