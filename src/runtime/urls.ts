// Absolute URLs of same-origin assets, computed from the document's base so the
// build works from any sub-path (workers resolve relative URLs against their own
// script, and WebLLM drops sub-paths of relative URLs).

export function assetURL(relative: string, base: string = document.baseURI): string {
  return new URL(relative, base).href;
}

export function pyodideIndexURL(base?: string): string {
  return assetURL('pyodide/', base);
}
