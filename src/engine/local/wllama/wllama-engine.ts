// The LLMEngine view of one GGUF loaded in llama.cpp (wllama). No life of its own: WllamaHost
// owns the worker and hands out one view per load; once that model is unloaded or lost, chat()
// rejects with the owner's typed error.
import type { ResultTimings } from '@wllama/wllama';
import type { ChatMessage, ChatRequestOptions, ChatStream, LLMEngine } from '../../engines/types';
import type { TemplateInfo } from './chat-template';

export interface WllamaModelInfo {
  id: string;
  label: string;
  series?: string;
  /** `general.architecture` from the GGUF (llama, qwen2, qwen3, gemma3…). */
  architecture: string;
  /** `<arch>.rope.freq_base` from the GGUF header, when present. */
  ropeFreqBase?: number;
  /** The chat template llama.cpp applies (the GGUF's own). */
  template: TemplateInfo;
  /** n_ctx llama.cpp was loaded with. */
  contextWindow: number;
  trainedContext: number;
  threads: number;
  backend: 'cpu' | 'webgpu';
  loadMs: number;
}

/** What llama.cpp measured for the last request. */
export interface RequestTimings extends ResultTimings {
  /** From the request to the first streamed text, ms. */
  firstTokenMs?: number;
}

export interface WllamaOwner {
  holds(view: WllamaEngine): boolean;
  chat(view: WllamaEngine, messages: ChatMessage[], opts: ChatRequestOptions): ChatStream;
}

export class WllamaEngine implements LLMEngine {
  readonly kind = 'wllama' as const;
  #last: RequestTimings | undefined;
  #history: RequestTimings[] = [];
  #requests: { messages: number; last: string }[] = [];

  constructor(
    private readonly owner: WllamaOwner,
    readonly info: WllamaModelInfo,
  ) {}

  get label(): string {
    const where =
      this.info.backend === 'cpu'
        ? `CPU, ${this.info.threads} thread${this.info.threads > 1 ? 's' : ''}`
        : 'WebGPU';
    return this.owner.holds(this)
      ? `${this.info.label} (llama.cpp, ${where})`
      : `${this.info.label} (unloaded: load it again in Models)`;
  }
  get modelId(): string {
    return this.info.id;
  }
  get contextWindow(): number {
    return this.info.contextWindow;
  }
  get series(): string | undefined {
    return this.info.series;
  }

  /** llama.cpp's timings of the last request: `cache_n` prompt tokens reused, `prompt_n` evaluated. */
  get lastTimings(): RequestTimings | undefined {
    return this.#last;
  }
  /** Every request's timings since load (for tests and the benchmark). */
  get timings(): readonly RequestTimings[] {
    return this.#history;
  }

  chat(messages: ChatMessage[], opts: ChatRequestOptions = {}): ChatStream {
    const last = messages.at(-1);
    this.#requests.push({
      messages: messages.length,
      last: last ? `${last.role}: ${last.content.slice(0, 200)}` : '',
    });
    return this.owner.chat(this, messages, opts);
  }

  /** Each request's message count and the start of its last message (the pipeline, for tests). */
  get requests(): readonly { messages: number; last: string }[] {
    return this.#requests;
  }

  /**
   * Nothing to drop: llama.cpp keeps the longest common prefix of the previous prompt and
   * re-evaluates from where a new conversation differs.
   */
  newConversation(): void {}

  /** Called by the owner when a request ended. */
  recordTimings(t: ResultTimings, firstTokenMs?: number): void {
    this.#last = { ...t, ...(firstTokenMs !== undefined ? { firstTokenMs } : {}) };
    this.#history.push(this.#last);
  }
}
