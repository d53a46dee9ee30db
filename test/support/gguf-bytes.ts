// Builds small synthetic GGUF headers (format: ggml docs/gguf.md) for header-reader tests. They
// hold metadata only, no tensors: enough for what the app reads before storing a file.
type Val =
  | string
  | number
  | boolean
  | { strings: readonly string[] }
  | { u32: readonly number[] }
  | { f32: number };

export function ggufBytes(meta: Record<string, Val>, opts: { version?: number } = {}): Uint8Array {
  const parts: number[] = [];
  const u32 = (n: number) =>
    parts.push(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255);
  const u64 = (n: number) => {
    u32(n);
    u32(0);
  };
  const str = (s: string) => {
    const b = new TextEncoder().encode(s);
    u64(b.length);
    parts.push(...b);
  };
  const f32 = (x: number) => parts.push(...new Uint8Array(new Float32Array([x]).buffer));
  u32(0x46554747);
  u32(opts.version ?? 3);
  u64(0); // tensors
  u64(Object.keys(meta).length);
  for (const [k, v] of Object.entries(meta)) {
    str(k);
    if (typeof v === 'string') {
      u32(8);
      str(v);
    } else if (typeof v === 'boolean') {
      u32(7);
      parts.push(v ? 1 : 0);
    } else if (typeof v === 'number') {
      u32(4);
      u32(v);
    } else if ('f32' in v) {
      u32(6);
      f32(v.f32);
    } else if ('strings' in v) {
      u32(9);
      u32(8);
      u64(v.strings.length);
      v.strings.forEach(str);
    } else {
      u32(9);
      u32(4);
      u64(v.u32.length);
      v.u32.forEach(u32);
    }
  }
  return new Uint8Array(parts);
}

export const LLAMA_META = {
  'general.architecture': 'llama',
  'general.name': 'Tiny Test',
  'llama.context_length': 8192,
  'llama.rope.freq_base': { f32: 10000 },
  'llama.block_count': 4,
  'llama.attention.head_count': 4,
  'llama.attention.head_count_kv': 2,
  'llama.embedding_length': 256,
  'tokenizer.ggml.tokens': { strings: ['<s>', '</s>', 'hello', 'world'] },
  'tokenizer.ggml.token_type': { u32: [3, 3, 1, 1] },
  'tokenizer.chat_template': "{% for m in messages %}<|im_start|>{{ m['role'] }}{% endfor %}",
} as const;

export const ggufFile = (name: string, bytes: Uint8Array): File =>
  new File([bytes as BlobPart], name);
