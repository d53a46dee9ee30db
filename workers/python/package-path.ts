// The one narrow path by which packages load: Pyodide's own packages, by lock name, from the
// folder Python was loaded from (vendored wheels) or from the Pyodide CDN folder of exactly this
// version. Cell imports, `!pip install`, micropip (for lock packages) and `pyodide_js.loadPackage`
// all end here; a URL or an unknown name is refused with a clear error, so user code cannot point
// the loader at a site of its own. The network guard lets the CDN through only while a load is in
// flight (`loading`), and the worker's CSP allows nothing else. Bytes are counted as they arrive
// (Pyodide itself reports no sizes), for per-package progress in the cell and the status line.
import type { PyodideAPI } from 'pyodide';
import type { PackageProgress } from '../contracts/python';
import { lockPackages } from './packages';

export type ProgressSink = (phase: 'loading' | 'done', items: PackageProgress[]) => void;

export class PackageRequestError extends Error {
  constructor(what: string) {
    super(
      `${what} cannot be loaded: only Pyodide's own packages load, by name (for example ` +
        `loadPackage("numpy")), from this app or the Pyodide CDN. Packages from other sites need ` +
        `network access (Settings) and micropip.`,
    );
    this.name = 'PackageRequestError';
  }
}

const EMIT_EVERY_MS = 150;
const baseName = (s: string) => s.slice(s.lastIndexOf('/') + 1);
/** PEP 503 normalisation, as the lock's keys are written. */
export const normalizeName = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

/** Python hands over a str, a list proxy or a JS array: plain strings, or a clear error. */
function asNames(req: unknown): string[] {
  const v = (req as { toJs?: () => unknown })?.toJs ? (req as { toJs: () => unknown }).toJs() : req;
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
  if (!list || list.some((n) => typeof n !== 'string'))
    throw new PackageRequestError(`${String(req)}`);
  return list as string[];
}

interface Load {
  items: Map<string, PackageProgress>;
  sink: ProgressSink;
  lastEmit: number;
}

export class PackagePath {
  readonly #py: PyodideAPI;
  readonly #realLoad: PyodideAPI['loadPackage'];
  readonly #nameOfFile = new Map<string, string>();
  /** Normalised name → the lock's own spelling (e.g. "pillow" → "Pillow"). */
  readonly #names = new Map<string, string>();
  #loads = new Set<Load>();

  constructor(py: PyodideAPI) {
    this.#py = py;
    this.#realLoad = py.loadPackage.bind(py);
    for (const p of Object.values(lockPackages(py))) {
      this.#names.set(normalizeName(p.name), p.name);
      this.#nameOfFile.set(baseName(p.file_name), p.name);
    }
  }

  /** A load is in flight: the guard may let the CDN folder through. */
  get loading(): boolean {
    return this.#loads.size > 0;
  }

  /** Replace `pyodide.loadPackage` (what `pyodide_js.loadPackage` and micropip call) by this path. */
  takeOverPublicApi(sink: () => ProgressSink): void {
    const load = async (req: unknown) => {
      const failed = await this.load(asNames(req), sink());
      if (failed.length) throw new Error(`Package(s) ${failed.join(', ')} could not be loaded.`);
      return [];
    };
    Object.defineProperty(this.#py, 'loadPackage', { value: load, writable: false });
  }

  /** `codeact_host.load_packages(names)` from Python (the pip path): names that did not load. */
  loadFromPython(req: unknown, sink: ProgressSink): Promise<string[]> {
    return this.load(asNames(req), sink);
  }

  /** Load lock packages by name; resolves to the names that did not load (never throws for a fetch failure). */
  async load(requested: string[], sink: ProgressSink): Promise<string[]> {
    const names = requested.map((n) => {
      const name = this.#names.get(normalizeName(n));
      if (!name) throw new PackageRequestError(/[:/]/.test(n) ? `"${n}"` : `'${n}'`);
      return name;
    });
    const todo = [...new Set(names)].filter((n) => !this.#py.loadedPackages[n]);
    if (todo.length === 0) return [];
    const load: Load = { items: new Map(), sink, lastEmit: 0 };
    this.#loads.add(load);
    sink(
      'loading',
      todo.map((name) => ({ name, bytes: 0, done: false })),
    );
    const log = () => {};
    try {
      await this.#realLoad(todo, { messageCallback: log, errorCallback: log });
    } finally {
      this.#loads.delete(load);
      sink('done', [...load.items.values()]);
    }
    return todo.filter((n) => !this.#py.loadedPackages[n]);
  }

  /** Called by the network guard for every allowed response: counts the bytes of package files. */
  observe = (url: URL, res: Response): Response => {
    const name = this.#nameOfFile.get(baseName(url.pathname));
    if (!name || !res.body || this.#loads.size === 0) return res;
    const loads = [...this.#loads];
    const item: PackageProgress = { name, bytes: 0, done: false };
    for (const l of loads) l.items.set(name, item);
    const emit = (force: boolean) => {
      for (const l of loads) {
        const now = Date.now();
        if (!force && now - l.lastEmit < EMIT_EVERY_MS) continue;
        l.lastEmit = now;
        l.sink('loading', [...l.items.values()]);
      }
    };
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          item.done = true;
          emit(true);
          controller.close();
          return;
        }
        item.bytes += value.byteLength;
        emit(false);
        controller.enqueue(value);
      },
      cancel: (why) => reader.cancel(why),
    });
    return new Response(body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}
