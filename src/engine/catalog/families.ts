// Model series as data: what a catalog entry shares with its siblings (prompt dialect, end-of-turn
// strings, how it reasons and how that is switched off, what the history sent back may keep).
// Sources per field are in docs/models.md; a value we inferred rather than read says so here.

import type { PromptDialect } from './types';

export interface ReasoningFormat {
  /** Opens a reasoning block, e.g. `<think>`. */
  open: string;
  /** Closes it, e.g. `</think>`. A reply may hold only the closer when the prompt opened the block. */
  close: string;
  /** Whether the model reasons when nothing switches it off (with WebLLM's templates). */
  defaultOn: boolean;
  /**
   * How reasoning is switched off per request. `enable_thinking`: WebLLM 0.2.86 reads
   * `extra_body.enable_thinking` and, when false, writes an empty `<think>\n\n</think>\n\n`
   * block at the start of the reply. `none`: no switch (never send it: WebLLM would write
   * `<think>` tags that mean nothing to the model).
   */
  switch: 'enable_thinking' | 'none';
  /**
   * What earlier replies keep in the history sent back. `drop-before-last-user`: reasoning is
   * removed from replies that precede the newest user message and kept within the current one
   * (Qwen3's template keeps it after the last user query, and observations are tool results),
   * so WebLLM reuses its KV cache between code steps and re-prefills once per user message.
   * `drop-all`: the template removes it from every earlier reply (DeepSeek-R1), so every turn
   * re-prefills.
   */
  history: 'drop-before-last-user' | 'drop-all';
}

export interface ModelSeries {
  key: string;
  name: string;
  prompt: PromptDialect;
  /** End-of-turn strings of the chat template, sent as stop strings (the agent adds `</execute>`). */
  endTokens: string[];
  reasoning?: ReasoningFormat;
  /** Constraint on the conversation state, shown in docs and on the card. */
  historyNote?: string;
}

const QWEN_END = ['<|im_end|>', '<|endoftext|>'];

/** Qwen3 and Qwen3.5 (hybrid thinking, `<think>` blocks, `enable_thinking`). */
const QWEN_THINKING: ReasoningFormat = {
  open: '<think>',
  close: '</think>',
  defaultOn: true,
  switch: 'enable_thinking',
  history: 'drop-before-last-user',
};

export const SERIES = {
  'codeact-mistral': {
    key: 'codeact-mistral',
    name: 'CodeActAgent (Mistral-7B-v0.1)',
    prompt: 'codeact',
    endTokens: ['<|im_end|>'],
  },
  'qwen2.5-coder': {
    key: 'qwen2.5-coder',
    name: 'Qwen2.5-Coder Instruct',
    prompt: 'generic',
    endTokens: QWEN_END,
  },
  qwen3: {
    key: 'qwen3',
    name: 'Qwen3',
    prompt: 'generic',
    endTokens: QWEN_END,
    reasoning: QWEN_THINKING,
  },
  'qwen3.5': {
    key: 'qwen3.5',
    name: 'Qwen3.5',
    prompt: 'generic',
    endTokens: QWEN_END,
    // HF's template turns thinking on by default for 9B and off for 0.8B; WebLLM's template adds
    // no opener, so the model decides. The parser accepts both (and a bare `</think>`).
    reasoning: QWEN_THINKING,
    historyNote:
      'Hybrid model (linear-attention layers with a recurrent state, WebLLM max_history_size 1): the state cannot be rolled back, so any edit of earlier messages means a full re-prefill.',
  },
  'llama-3.1': {
    key: 'llama-3.1',
    name: 'Llama 3.1 Instruct',
    prompt: 'generic',
    endTokens: ['<|eot_id|>', '<|end_of_text|>'],
  },
  'phi-3.5': {
    key: 'phi-3.5',
    name: 'Phi-3.5 mini Instruct',
    prompt: 'generic',
    endTokens: ['<|end|>', '<|endoftext|>'],
  },
  'phi-4-mini': {
    key: 'phi-4-mini',
    name: 'Phi-4 mini Instruct',
    prompt: 'generic',
    endTokens: ['<|end|>', '<|endoftext|>'],
  },
  'gemma-4': {
    key: 'gemma-4',
    name: 'Gemma 4',
    prompt: 'generic',
    endTokens: ['<turn|>', '<end_of_turn>'],
    // Gemma 4 reasons only when the system turn starts with `<|think|>` (off by default) and
    // writes it in a channel, not in <think> tags: WebLLM's enable_thinking does not apply.
    reasoning: {
      open: '<|channel>thought',
      close: '<channel|>',
      defaultOn: false,
      switch: 'none',
      history: 'drop-before-last-user',
    },
  },
  'deepseek-r1-distill': {
    key: 'deepseek-r1-distill',
    name: 'DeepSeek-R1 distill',
    prompt: 'generic',
    endTokens: ['<｜end▁of▁sentence｜>'],
    reasoning: {
      open: '<think>',
      close: '</think>',
      defaultOn: true,
      switch: 'none',
      history: 'drop-all',
    },
  },
  generic: { key: 'generic', name: 'Other instruct model', prompt: 'generic', endTokens: [] },
} as const satisfies Record<string, ModelSeries>;

export type SeriesKey = keyof typeof SERIES;

export function seriesOf(key: string | undefined): ModelSeries | undefined {
  return key !== undefined && Object.hasOwn(SERIES, key) ? SERIES[key as SeriesKey] : undefined;
}

/**
 * Served models (an endpoint, an imported folder) carry only an id. The series is then guessed
 * from the id, first match wins; `generic` when nothing matches. Catalog models never use this.
 */
const ID_HEURISTICS: [RegExp, SeriesKey][] = [
  [/codeact/i, 'codeact-mistral'],
  [/deepseek-?r1|r1-distill/i, 'deepseek-r1-distill'],
  [/qwen3[._-]?5/i, 'qwen3.5'],
  [/qwen3(?!\d)/i, 'qwen3'],
  [/qwen2\.5-?coder/i, 'qwen2.5-coder'],
  [/llama-?3\.[123]/i, 'llama-3.1'],
  [/phi-?4/i, 'phi-4-mini'],
  [/phi-?3/i, 'phi-3.5'],
  [/gemma-?4/i, 'gemma-4'],
];

export function seriesFromId(id: string): ModelSeries {
  const hit = ID_HEURISTICS.find(([re]) => re.test(id));
  return SERIES[hit ? hit[1] : 'generic'];
}
