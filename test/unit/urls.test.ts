import { describe, expect, it } from 'vitest';
import { assetURL, pyodideIndexURL } from '../../src/runtime/urls';

describe('asset URLs follow the document base (sub-path deploys)', () => {
  it('resolves against a root deploy', () => {
    expect(pyodideIndexURL('http://h.test/')).toBe('http://h.test/pyodide/');
  });
  it('keeps a sub-path', () => {
    expect(pyodideIndexURL('http://h.test/some/sub/path/')).toBe(
      'http://h.test/some/sub/path/pyodide/',
    );
    expect(assetURL('models/x/resolve/main/', 'http://h.test/a/index.html')).toBe(
      'http://h.test/a/models/x/resolve/main/',
    );
  });
});
