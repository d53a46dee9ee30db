// A small reader for a GGUF file's header (the key/value metadata before the tensors), so a file
// can be checked before it is stored or loaded: is it GGUF at all, which architecture, which
// chat template, which RoPE base, how many split shards. Format: github.com/ggml-org/ggml
// docs/gguf.md (little-endian; magic "GGUF", version, tensor count, kv count, then kv pairs).
// Arrays (the tokenizer's vocabulary) are skipped, not decoded.

export class GgufFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GgufFormatError';
  }
}

export type GgufValue = string | number | bigint | boolean | { array: number; length: number };

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadata: Map<string, GgufValue>;
}

/** What the app reads from a header. */
export interface GgufSummary {
  architecture: string;
  name?: string;
  contextLength?: number;
  ropeFreqBase?: number;
  chatTemplate?: string;
  blockCount?: number;
  kvHeads?: number;
  heads?: number;
  embeddingLength?: number;
  /** `split.count` of a split GGUF (1 when not split). */
  splitCount: number;
  splitIndex: number;
}

const WINDOW = 1 << 20;

/** Reads ahead in windows from a Blob; the header of a big model is a few MB of vocabulary. */
class BlobCursor {
  #buf = new Uint8Array(0);
  #start = 0;
  pos = 0;
  constructor(private readonly blob: Blob) {}

  async need(n: number): Promise<DataView> {
    const end = this.pos + n;
    if (end > this.blob.size) throw new GgufFormatError('the file ends inside its GGUF header');
    if (this.pos < this.#start || end > this.#start + this.#buf.length) {
      const slice = this.blob.slice(this.pos, Math.max(end, this.pos + WINDOW));
      this.#buf = new Uint8Array(await slice.arrayBuffer());
      this.#start = this.pos;
    }
    const view = new DataView(this.#buf.buffer, this.#buf.byteOffset + (this.pos - this.#start), n);
    this.pos = end;
    return view;
  }
  async u32() {
    return (await this.need(4)).getUint32(0, true);
  }
  async u64() {
    return (await this.need(8)).getBigUint64(0, true);
  }
  async str(): Promise<string> {
    const len = Number(await this.u64());
    if (len > 64 << 20) throw new GgufFormatError('a GGUF string is implausibly long');
    const v = await this.need(len);
    return new TextDecoder().decode(new Uint8Array(v.buffer, v.byteOffset, len));
  }
}

const SIZES: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

async function scalar(c: BlobCursor, type: number): Promise<GgufValue> {
  if (type === 8) return c.str();
  const size = SIZES[type];
  if (size === undefined) throw new GgufFormatError(`unknown GGUF value type ${type}`);
  const v = await c.need(size);
  switch (type) {
    case 0:
      return v.getUint8(0);
    case 1:
      return v.getInt8(0);
    case 2:
      return v.getUint16(0, true);
    case 3:
      return v.getInt16(0, true);
    case 4:
      return v.getUint32(0, true);
    case 5:
      return v.getInt32(0, true);
    case 6:
      return v.getFloat32(0, true);
    case 7:
      return v.getUint8(0) !== 0;
    case 10:
      return v.getBigUint64(0, true);
    case 11:
      return v.getBigInt64(0, true);
    default:
      return v.getFloat64(0, true);
  }
}

async function value(c: BlobCursor, type: number): Promise<GgufValue> {
  if (type !== 9) return scalar(c, type);
  const itemType = await c.u32();
  const length = Number(await c.u64());
  if (itemType === 8) {
    for (let i = 0; i < length; i++) {
      // Not `c.pos += await …`: that would add to the position read before the await.
      const len = Number(await c.u64());
      c.pos += len;
    }
  } else if (itemType === 9) throw new GgufFormatError('nested GGUF arrays are not supported');
  else {
    const size = SIZES[itemType];
    if (size === undefined) throw new GgufFormatError(`unknown GGUF array type ${itemType}`);
    c.pos += size * length;
  }
  return { array: itemType, length };
}

const MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32

/** Reads the header; throws GgufFormatError when the file is not GGUF. */
export async function readGgufHeader(blob: Blob): Promise<GgufHeader> {
  const c = new BlobCursor(blob);
  if (blob.size < 24 || (await c.u32()) !== MAGIC)
    throw new GgufFormatError('it does not start with the GGUF magic bytes');
  const version = await c.u32();
  if (version < 2 || version > 3)
    throw new GgufFormatError(`GGUF version ${version} is not supported (2 or 3)`);
  const tensorCount = Number(await c.u64());
  const kvCount = Number(await c.u64());
  if (kvCount > 100_000) throw new GgufFormatError('the GGUF header is implausibly large');
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = await c.str();
    metadata.set(key, await value(c, await c.u32()));
  }
  return { version, tensorCount, metadata };
}

const num = (v: GgufValue | undefined) =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
const text = (v: GgufValue | undefined) => (typeof v === 'string' ? v : undefined);

export function summarize(h: GgufHeader): GgufSummary {
  const m = h.metadata;
  const arch = text(m.get('general.architecture'));
  if (!arch) throw new GgufFormatError('its header names no architecture (general.architecture)');
  const at = (k: string) => m.get(`${arch}.${k}`);
  const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    architecture: arch,
    ...opt('name', text(m.get('general.name'))),
    ...opt('contextLength', num(at('context_length'))),
    ...opt('ropeFreqBase', num(at('rope.freq_base'))),
    ...opt('chatTemplate', text(m.get('tokenizer.chat_template'))),
    ...opt('blockCount', num(at('block_count'))),
    ...opt('kvHeads', num(at('attention.head_count_kv'))),
    ...opt('heads', num(at('attention.head_count'))),
    ...opt('embeddingLength', num(at('embedding_length'))),
    splitCount: num(m.get('split.count')) ?? 1,
    splitIndex: num(m.get('split.no')) ?? 0,
  } as GgufSummary;
}

/**
 * Architectures the llama.cpp inside wllama 3.13.0 runs that the app offers (decoder-only text
 * models). Others are refused on import with their name, rather than failing inside the worker.
 */
export const SUPPORTED_ARCHITECTURES = new Set([
  'llama',
  'mistral',
  'mistral3',
  'qwen2',
  'qwen3',
  'qwen3moe',
  'qwen35',
  'gemma',
  'gemma2',
  'gemma3',
  'gemma3n',
  'phi2',
  'phi3',
  'smollm3',
  'granite',
  'olmo2',
  'exaone',
  'deepseek2',
  'lfm2',
  'starcoder2',
]);
