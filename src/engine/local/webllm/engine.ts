// The LLMEngine view of one loaded WebLLM model. It has no life of its own: LlmHost (llm-host.ts)
// owns the worker and the model and hands out one view per successful load; once that model is
// unloaded, replaced or lost, the view's chat() rejects with the owner's typed error.
import type { ChatMessage, ChatRequestOptions, ChatStream, LLMEngine } from '../../engines/types';
import { alignHistoryWithEngine } from './kv-history';
import type { LoadableModel } from './records';

/** What a view needs of its owner (an interface, so this file does not import the owner). */
export interface LoadedModelOwner {
  /** Whether this view's model is still the one on the GPU. */
  holds(view: WebLLMEngine): boolean;
  chat(view: WebLLMEngine, messages: ChatMessage[], opts: ChatRequestOptions): ChatStream;
  reset(view: WebLLMEngine): Promise<void>;
}

export class WebLLMEngine implements LLMEngine {
  readonly kind = 'webllm' as const;

  constructor(
    private readonly owner: LoadedModelOwner,
    readonly model: LoadableModel,
  ) {}

  get label(): string {
    return this.owner.holds(this)
      ? `${this.model.label} (WebLLM, on this device)`
      : `${this.model.label} (unloaded: load it again in Models)`;
  }
  get modelId(): string {
    return this.model.record.model_id;
  }
  get contextWindow(): number {
    return this.model.contextWindow;
  }

  chat(messages: ChatMessage[], opts: ChatRequestOptions = {}): ChatStream {
    return this.owner.chat(this, alignHistoryWithEngine(messages, opts.stop), opts);
  }

  /** Clears the KV cache: the next request starts a new conversation. */
  newConversation(): Promise<void> {
    return this.owner.reset(this);
  }
}
