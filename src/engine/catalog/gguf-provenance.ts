// Where each figure of a GGUF catalog entry comes from, kept next to the entries so a figure and
// its source are changed together. This machine has no route to Hugging Face: file names, byte
// sizes and sha256 digests were checked against public records of the Hub's LFS metadata (several
// independent projects that pin the same file agree on each value listed as confirmed), against the
// publishers' own READMEs, and for the two small Qwen coders against the bytes we measured ourselves.
// What could not be confirmed is listed in `unconfirmed`, and docs/models.md repeats it.

/** One file as its publisher lists it (the whole model; shards a host makes are not listed). */
export interface PublishedFile {
  name: string;
  /** Size in bytes as the Hub lists it (an estimate where `unconfirmed` names the size). */
  bytes: number;
  /** The Hub's LFS sha256, where confirmed. */
  sha256?: string;
}

export interface GgufProvenance {
  /** The official publisher's Hugging Face repository, `owner/name`. */
  repo: string;
  /** Public pages that state the figures (model cards, READMEs, listings). */
  sources: string[];
  /** SPDX identifier of the model's licence. */
  licence: string;
  /** The published file(s) of the chosen quantization, in load order. */
  published: PublishedFile[];
  /** The longest context the model was trained for, and what says so. */
  maxContext: { tokens: number; from: string };
  /** RoPE base where the entry states one (CodeActAgent: it differs from later Mistrals). */
  ropeBase?: { value: number; from: string };
  /** Figures this entry states that no public source confirmed here; empty when all were. */
  unconfirmed: string[];
}

const hubFile = (repo: string, rev: string, file: string) =>
  `https://huggingface.co/${repo}/blob/${rev}/${file}`;

/** By catalog id. */
export const GGUF_PROVENANCE: Readonly<Record<string, GgufProvenance>> = {
  'SmolLM2-135M-Instruct-Q8_0-GGUF': {
    repo: 'HuggingFaceTB/SmolLM2-135M-Instruct-GGUF',
    sources: [
      'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct-GGUF',
      'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct',
    ],
    licence: 'Apache-2.0',
    // Q8_0 is the quantization public projects fetch from this repository by this exact name.
    published: [{ name: 'smollm2-135m-instruct-q8_0.gguf', bytes: 145_000_000 }],
    // Our own reading of a GGUF of the same weights (the Q4_1 the tests use) says 8192.
    maxContext: { tokens: 8192, from: 'GGUF header of the same weights (our Q4_1 test file)' },
    unconfirmed: [
      'byte size: about 145 MB, as Q8_0 files of the same weights by other publishers list; this file’s own size was not seen',
      'whether the repository asks for a login (one public project says the upload was gated after release)',
    ],
  },
  'Qwen2.5-Coder-0.5B-Instruct-Q4_K_M-GGUF': {
    repo: 'Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF',
    sources: [
      hubFile(
        'Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF',
        'bf1da6ca8f02b444067db175f02a14e74f49c5c0',
        'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf',
      ),
      'https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B-Instruct',
    ],
    licence: 'Apache-2.0',
    // The same sha256 as the copy we measured (its header: qwen2, context 32768, Qwen template).
    published: [
      {
        name: 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf',
        bytes: 491_400_064,
        sha256: '1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32',
      },
    ],
    maxContext: { tokens: 32768, from: 'GGUF header of a byte-identical copy (read by us)' },
    unconfirmed: [],
  },
  'Qwen2.5-Coder-1.5B-Instruct-Q4_K_M-GGUF': {
    repo: 'Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF',
    sources: [
      hubFile(
        'Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF',
        '2ab9f8f42af02fc212effaef7c4850c885e965f4',
        'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
      ),
      'https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct',
    ],
    licence: 'Apache-2.0',
    published: [
      {
        name: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
        bytes: 1_117_320_768,
        sha256: 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046',
      },
    ],
    maxContext: { tokens: 32768, from: 'GGUF header of a byte-identical copy (read by us)' },
    unconfirmed: [],
  },
  'Qwen2.5-Coder-7B-Instruct-Q4_K_M-GGUF': {
    repo: 'Qwen/Qwen2.5-Coder-7B-Instruct-GGUF',
    sources: [
      hubFile(
        'Qwen/Qwen2.5-Coder-7B-Instruct-GGUF',
        '13fb94bfda8c8cf22497dc57b78f391a9acb426a',
        'qwen2.5-coder-7b-instruct-q4_k_m.gguf',
      ),
      'https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct',
    ],
    licence: 'Apache-2.0',
    // The repository also has this quantization as `…-q4_k_m-00001-of-00002.gguf` (about 3.99 GB)
    // and `…-00002-of-00002.gguf`: over wllama's 2 GB per file, so the host re-splits the whole file.
    published: [
      {
        name: 'qwen2.5-coder-7b-instruct-q4_k_m.gguf',
        bytes: 4_683_073_536,
        sha256: '509287f78cb4d4cf6b3843734733b914b2c158e43e22a7f4bf5e963800894d3c',
      },
    ],
    maxContext: { tokens: 32768, from: 'model card: 32,768 native (longer only with YaRN)' },
    unconfirmed: [
      'context 32768: the model card as we know it; the card and the header were not re-read here',
      'shard count: 10 is the fewest 512 MB shards the file fits; llama-gguf-split cuts between tensors, so the host’s split may write one more',
    ],
  },
  'Qwen3-1.7B-Q8_0-GGUF': {
    repo: 'Qwen/Qwen3-1.7B-GGUF',
    sources: [
      hubFile(
        'Qwen/Qwen3-1.7B-GGUF',
        '90862c4b9d2787eaed51d12237eafdfe7c5f6077',
        'Qwen3-1.7B-Q8_0.gguf',
      ),
      'https://huggingface.co/Qwen/Qwen3-1.7B',
    ],
    licence: 'Apache-2.0',
    // The official repository lists Q8_0 only for this size.
    published: [
      {
        name: 'Qwen3-1.7B-Q8_0.gguf',
        bytes: 1_834_426_016,
        sha256: '061b54daade076b5d3362dac252678d17da8c68f07560be70818cace6590cb1a',
      },
    ],
    maxContext: { tokens: 32768, from: 'model card: 32,768' },
    unconfirmed: [],
  },
  'Qwen3-4B-Q4_K_M-GGUF': {
    repo: 'Qwen/Qwen3-4B-GGUF',
    sources: [
      hubFile(
        'Qwen/Qwen3-4B-GGUF',
        'bc640142c66e1fdd12af0bd68f40445458f3869b',
        'Qwen3-4B-Q4_K_M.gguf',
      ),
      'https://huggingface.co/Qwen/Qwen3-4B',
    ],
    licence: 'Apache-2.0',
    published: [
      {
        name: 'Qwen3-4B-Q4_K_M.gguf',
        bytes: 2_497_280_256,
        sha256: '7485fe6f11af29433bc51cab58009521f205840f5b4ae3a32fa7f92e8534fdf5',
      },
    ],
    maxContext: { tokens: 32768, from: 'model card: 32,768 native (131,072 with YaRN)' },
    unconfirmed: [
      'shard count: 5 is the fewest 512 MB shards the file fits; the host’s split may write one more',
    ],
  },
  'Qwen3-8B-Q4_K_M-GGUF': {
    repo: 'Qwen/Qwen3-8B-GGUF',
    sources: [
      hubFile(
        'Qwen/Qwen3-8B-GGUF',
        '212c964b8f97cb5edc203d411b767aaae707e653',
        'Qwen3-8B-Q4_K_M.gguf',
      ),
      'https://huggingface.co/Qwen/Qwen3-8B',
    ],
    licence: 'Apache-2.0',
    published: [
      {
        name: 'Qwen3-8B-Q4_K_M.gguf',
        bytes: 5_027_783_488,
        sha256: 'd98cdcbd03e17ce47681435b5150e34c1417f50b5c0019dd560e4882c5745785',
      },
    ],
    maxContext: { tokens: 32768, from: 'Qwen3 model cards: 32,768 native (131,072 with YaRN)' },
    unconfirmed: [
      'context 32768: stated on the 1.7B and 4B cards; the 8B card was not re-read here',
      'shard count: 10 is the fewest 512 MB shards the file fits; the host’s split may write one more',
    ],
  },
  'CodeActAgent-Mistral-7b-v0.1-Q8_0-GGUF': {
    // The authors publish the GGUF as its own repository, named after the file (their README).
    repo: 'xingyaoww/CodeActAgent-Mistral-7b-v0.1.q8_0.gguf',
    sources: [
      'https://github.com/xingyaoww/code-act#using-llamacpp-for-laptop',
      'https://huggingface.co/xingyaoww/CodeActAgent-Mistral-7b-v0.1.q8_0.gguf',
      'https://huggingface.co/xingyaoww/CodeActAgent-Mistral-7b-v0.1',
      'https://github.com/xingyaoww/code-act/blob/main/docs/MODEL_TRAINING.md',
    ],
    licence: 'Apache-2.0',
    // The README quantizes to and serves `CodeActAgent-Mistral-7b-v0.1.q8_0.gguf`.
    published: [{ name: 'CodeActAgent-Mistral-7b-v0.1.q8_0.gguf', bytes: 7_700_000_000 }],
    // The authors pack fine-tuning sequences to 16k tokens for Mistral (docs/MODEL_TRAINING.md);
    // the base model's position limit (32768) is longer than anything it was tuned on.
    maxContext: { tokens: 16384, from: 'the authors’ training notes: sequences packed to 16k' },
    ropeBase: {
      value: 10000,
      from: 'Mistral-7B-v0.1’s rope_theta: the authors’ Megatron-to-Hugging Face conversion loads that configuration; the engine shows the value read from the GGUF header',
    },
    unconfirmed: [
      'the file name inside the repository (the README names the file; the listing was not seen)',
      'byte size: about 7.7 GB, as Q8_0 files of the same weights by other publishers list',
      'RoPE base 10000: inferred from the conversion, not read from this file’s header or config.json',
      'shard count: 16 is the fewest 512 MB shards the file fits; the host’s split may write one more',
    ],
  },
};
