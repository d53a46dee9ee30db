// One copy of each GGUF in the browser's origin-private file system (OPFS), under
// gguf/<model id>/<file name>: llama.cpp is handed these files as Blobs, so wllama never keeps a
// cache of its own. A download writes `<name>.part` and renames it when complete, so a stopped
// or failed download resumes from the bytes it has (HTTP Range).

const ROOT = 'gguf';
const PART = '.part';

export interface StoredFile {
  name: string;
  bytes: number;
  complete: boolean;
}

async function dir(
  modelId: string,
  create: boolean,
): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    const root = await navigator.storage.getDirectory();
    const top = await root.getDirectoryHandle(ROOT, { create });
    return await top.getDirectoryHandle(modelId, { create });
  } catch (e) {
    if ((e as DOMException)?.name === 'NotFoundError') return undefined;
    throw e;
  }
}

async function fileSize(d: FileSystemDirectoryHandle, name: string): Promise<number | undefined> {
  try {
    return (await (await d.getFileHandle(name)).getFile()).size;
  } catch {
    return undefined;
  }
}

export class GgufStore {
  /** What is stored of each named file (complete, partial, or 0 bytes). */
  async inspect(modelId: string, names: readonly string[]): Promise<StoredFile[]> {
    const d = await dir(modelId, false);
    return Promise.all(
      names.map(async (name) => {
        const done = d && (await fileSize(d, name));
        if (done !== undefined) return { name, bytes: done, complete: true };
        const part = d && (await fileSize(d, name + PART));
        return { name, bytes: part ?? 0, complete: false };
      }),
    );
  }

  /** The stored files in order, or undefined when any is missing or partial. */
  async open(modelId: string, names: readonly string[]): Promise<File[] | undefined> {
    const d = await dir(modelId, false);
    if (!d) return undefined;
    try {
      return await Promise.all(names.map(async (n) => (await d.getFileHandle(n)).getFile()));
    } catch {
      return undefined;
    }
  }

  /** Writes a whole file (an import); nothing named `name` exists until it is complete. */
  async put(modelId: string, name: string, data: Blob, signal?: AbortSignal): Promise<void> {
    const d = (await dir(modelId, true))!;
    const handle = await d.getFileHandle(name + PART, { create: true });
    const w = await handle.createWritable();
    try {
      await data.stream().pipeTo(w, signal ? { signal } : {});
    } catch (e) {
      await d.removeEntry(name + PART).catch(() => {});
      throw e;
    }
    await this.#finish(d, name);
  }

  /**
   * Appends a response body to `<name>.part` from `offset` (a resumed download); renames it to
   * `name` when `complete`. The writer is closed on abort too, so the bytes so far are kept.
   */
  async append(
    modelId: string,
    name: string,
    offset: number,
    body: ReadableStream<Uint8Array<ArrayBuffer>>,
    onBytes: (n: number) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const d = (await dir(modelId, true))!;
    const handle = await d.getFileHandle(name + PART, { create: true });
    const w = await handle.createWritable({ keepExistingData: true });
    await w.truncate(offset);
    await w.seek(offset);
    const reader = body.getReader();
    try {
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
        const { done, value } = await reader.read();
        if (done) break;
        await w.write(value);
        onBytes(value.byteLength);
      }
    } finally {
      reader.releaseLock();
      await w.close();
    }
  }

  /** Whether the stored part of `name` begins with `prefix` (a download's format check). */
  async startsWith(modelId: string, name: string, prefix: Uint8Array): Promise<boolean> {
    const d = await dir(modelId, false);
    const part = await d?.getFileHandle(name + PART).catch(() => undefined);
    if (!part) return false;
    const head = new Uint8Array(await (await part.getFile()).slice(0, prefix.length).arrayBuffer());
    return head.length === prefix.length && head.every((b, i) => b === prefix[i]);
  }

  /** Drops a partial download (its bytes cannot be trusted for a resume). */
  async discardPart(modelId: string, name: string): Promise<void> {
    const d = await dir(modelId, false);
    await d?.removeEntry(name + PART).catch((e: DOMException) => {
      if (e?.name !== 'NotFoundError') throw e;
    });
  }

  async complete(modelId: string, name: string): Promise<void> {
    const d = (await dir(modelId, true))!;
    await this.#finish(d, name);
  }

  async #finish(d: FileSystemDirectoryHandle, name: string): Promise<void> {
    const part = await d.getFileHandle(name + PART);
    const movable = part as FileSystemFileHandle & { move?: (name: string) => Promise<void> };
    if (movable.move) return movable.move(name);
    // No move() (older engines): copy, then drop the part.
    const w = await (await d.getFileHandle(name, { create: true })).createWritable();
    await (await part.getFile()).stream().pipeTo(w);
    await d.removeEntry(name + PART);
  }

  async remove(modelId: string): Promise<void> {
    try {
      const root = await navigator.storage.getDirectory();
      const top = await root.getDirectoryHandle(ROOT);
      await top.removeEntry(modelId, { recursive: true });
    } catch (e) {
      if ((e as DOMException)?.name !== 'NotFoundError') throw e;
    }
  }

  /** Ids of the models with anything stored. */
  async list(): Promise<string[]> {
    try {
      const root = await navigator.storage.getDirectory();
      const top = await root.getDirectoryHandle(ROOT);
      const ids: string[] = [];
      for await (const [name, h] of top as unknown as AsyncIterable<[string, FileSystemHandle]>)
        if (h.kind === 'directory') ids.push(name);
      return ids;
    } catch {
      return [];
    }
  }
}
