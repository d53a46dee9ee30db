// The one narrow path by which packages load: Pyodide's own packages, by lock name, from the
// folder Python was loaded from (vendored wheels) or from the Pyodide CDN folder of exactly this
// version. Cell imports, `!pip install`, micropip (for lock packages) and `pyodide_js.loadPackage`
// all end here; a URL or an unknown name is refused with a clear error, so user code cannot point
// the loader at a site of its own. The network guard lets the CDN through only while a load is in
// flight (`loading`), and the worker's CSP allows nothing else. Bytes are counted as they arrive
// (Pyodide itself reports no sizes), for per-package progress in the cell and the status line.
// Pyodide would fetch each wheel with an `integrity` hash, and the browser then hands over the body
// only once it is complete (Fetch spec, integrity check): progress would jump from 0 to done and
// the stall clock would count the time between whole wheels. So wheels are fetched without it and
// the sha256 from the lock is checked here, over the streamed bytes: a wheel whose hash differs
// errors its body stream before it ends, so Pyodide never installs it.
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
const PACKAGE_FILE = /\.(whl|zip|tar|tar\.gz|tgz)$/;

const hex = (buf: ArrayBuffer) =>
  [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256Of(chunks: Uint8Array[], length: number): Promise<string> {
  const all = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return hex(await crypto.subtle.digest('SHA-256', all));
}

export class PackageIntegrityError extends Error {
  constructor(file: string, expected: string, got: string) {
    super(
      `The package file ${file} is not the one this app's Pyodide lock names (sha256 ${got}, ` +
        `expected ${expected}): it was not installed. A proxy or a broken cache may have changed it; ` +
        `reload the page to fetch it again.`,
    );
    this.name = 'PackageIntegrityError';
  }
}
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
  /** Lock file name → its sha256 (checked here: Pyodide fetches without `integrity`). */
  readonly #shaOfFile = new Map<string, string>();
  /** Normalised name → the lock's own spelling (e.g. "pillow" → "Pillow"). */
  readonly #names = new Map<string, string>();
  #loads = new Set<Load>();

  constructor(py: PyodideAPI) {
    this.#py = py;
    this.#realLoad = py.loadPackage.bind(py);
    for (const p of Object.values(lockPackages(py))) {
      this.#names.set(normalizeName(p.name), p.name);
      this.#nameOfFile.set(baseName(p.file_name), p.name);
      const sha = (p as { sha256?: string }).sha256;
      if (sha) this.#shaOfFile.set(baseName(p.file_name), sha.toLowerCase());
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
      // The sha256 is checked by observe() over the streamed bytes (see the top of this file).
      await this.#realLoad(todo, {
        messageCallback: log,
        errorCallback: log,
        checkIntegrity: false,
      });
    } finally {
      this.#loads.delete(load);
      sink('done', [...load.items.values()]);
    }
    return todo.filter((n) => !this.#py.loadedPackages[n]);
  }

  /** Called by the network guard for every allowed response: counts and checks package files. */
  observe = (url: URL, res: Response): Response => {
    const file = baseName(url.pathname);
    if (this.#loads.size === 0 || !PACKAGE_FILE.test(file)) return res;
    const name = this.#nameOfFile.get(file);
    const expected = this.#shaOfFile.get(file);
    // Fail closed: while a load is in flight every package file must be one the lock vouches for.
    if (!name || !expected || !res.body) return Response.error();
    const loads = [...this.#loads];
    const started = performance.now();
    const item: PackageProgress = { name, bytes: 0, done: false, bytesPerSecond: 0 };
    for (const l of loads) l.items.set(name, item);
    const emit = (force: boolean) => {
      const seconds = (performance.now() - started) / 1000;
      item.bytesPerSecond = seconds > 0 ? Math.round(item.bytes / seconds) : 0;
      for (const l of loads) {
        const now = Date.now();
        if (!force && now - l.lastEmit < EMIT_EVERY_MS) continue;
        l.lastEmit = now;
        l.sink('loading', [...l.items.values()]);
      }
    };
    const chunks: Uint8Array[] = [];
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          const got = await sha256Of(chunks, item.bytes);
          if (got !== expected) {
            controller.error(new PackageIntegrityError(file, expected, got));
            return;
          }
          item.done = true;
          emit(true);
          controller.close();
          return;
        }
        chunks.push(value);
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
