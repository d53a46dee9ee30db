// Package lists from the lock, and the vendor script's dependency closure.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importablePackages, type Lockfile } from '../../src/runtime/lock';
import { closure } from '../../scripts/vendor-pyodide.mjs';

const lock = JSON.parse(
  fs.readFileSync('node_modules/pyodide/pyodide-lock.json', 'utf8'),
) as Lockfile;

describe('lock', () => {
  it('the vendored closure of the four targets is the 17 wheels plus tzdata', () => {
    const names = closure(lock, ['numpy', 'pandas', 'scikit-learn', 'matplotlib', 'tzdata']);
    expect(names).toHaveLength(18);
    for (const n of ['numpy', 'scipy', 'joblib', 'pillow', 'python-dateutil', 'six', 'tzdata']) {
      expect(names).toContain(n);
    }
  });

  it('offline, only same-origin (relative) wheels count as importable', async () => {
    const small: Lockfile = {
      packages: {
        here: { name: 'here', file_name: 'here-1.0-py3-none-any.whl', imports: ['here'] },
        cdn: {
          name: 'cdn',
          file_name: 'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/cdn.whl',
          imports: ['cdn'],
        },
      },
    };
    expect(await importablePackages(small, false)).toEqual(['here']);
    expect(await importablePackages(small, true)).toEqual(['cdn', 'here']);
  });
});
