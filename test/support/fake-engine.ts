// FAKE engine for unit tests: plays scripted replies, applies stop strings the way WebLLM
// does (including leaking a fragment of the stop string into the stream), records every
// request, and reports usage with WebLLM's exact-match KV reuse rule.
import type {
  ChatMessage,
  ChatRequestOptions,
  ChatResult,
  ChatStream,
  FinishReason,
  LLMEngine,
} from '../../src/engine/engines/types';

export interface FakeReply {
  content: string;
  /** Force a finish reason (e.g. `length`); default: `stop`. */
  finishReason?: FinishReason;
  /** Stream the text, then wait until the request's signal aborts and finish with `abort`. */
  hang?: boolean;
  /** Reject the request with this error. */
  error?: unknown;
}

export interface FakeRequest {
  messages: ChatMessage[];
  opts: ChatRequestOptions;
  /** Whether WebLLM would have reused its KV cache for this request. */
  reusedKv: boolean;
  promptTokens: number;
}

/** Roughly 4 characters per token, plus the template's per-message overhead. */
export function fakeTokens(text: string): number {
  return Math.ceil(text.length / 4) + 4;
}

export class FakeEngine implements LLMEngine {
  readonly kind = 'fake' as const;
  readonly label = 'Fake engine (unit tests)';
  readonly modelId = 'fake-model';
  readonly contextWindow: number;
  readonly requests: FakeRequest[] = [];
  /** Every delta streamed, per request (to check what a UI would have shown). */
  readonly streamed: string[][] = [];
  #replies: FakeReply[];
  #conversation: ChatMessage[] | undefined;
  /** How many requests saw their signal abort (a user Stop reaches the engine once). */
  aborts = 0;

  constructor(replies: (string | FakeReply)[], opts: { contextWindow?: number } = {}) {
    this.#replies = replies.map((r) => (typeof r === 'string' ? { content: r } : r));
    this.contextWindow = opts.contextWindow ?? 4096;
  }

  /** Nothing to clear: KV reuse is read by comparing each request with the one before it. */
  newConversation(): void {}

  chat(messages: ChatMessage[], opts: ChatRequestOptions = {}): ChatStream {
    const copy = messages.map((m) => ({ ...m }));
    const prev = this.#conversation;
    const history = copy.slice(0, -1);
    const reusedKv =
      prev !== undefined &&
      history.length === prev.length &&
      history.every((m, i) => m.role === prev[i]?.role && m.content === prev[i]?.content);
    const prefilled = reusedKv ? copy.slice(-1) : copy;
    const promptTokens = prefilled.reduce((s, m) => s + fakeTokens(m.content), 0);
    this.requests.push({ messages: copy, opts, reusedKv, promptTokens });
    const reply = this.#replies.shift() ?? { content: '[fake engine: no scripted reply left]' };
    const deltas: string[] = [];
    this.streamed.push(deltas);

    let settle!: (r: ChatResult) => void;
    let fail!: (e: unknown) => void;
    const result = new Promise<ChatResult>((res, rej) => {
      settle = res;
      fail = rej;
    });
    result.catch(() => undefined);
    const { text, leaked, cut } = applyStops(reply.content, opts.stop ?? []);
    const finish = (content: string, finishReason: FinishReason) => {
      // Like WebLLM: an aborted or length-limited reply is never reused as cached state.
      this.#conversation =
        finishReason === 'stop' ? [...copy, { role: 'assistant', content }] : undefined;
      settle({
        content,
        finishReason,
        usage: { promptTokens, completionTokens: fakeTokens(content) },
      });
    };
    const signal = opts.signal;
    signal?.addEventListener('abort', () => this.aborts++, { once: true });
    const interrupted = () => signal?.aborted === true;
    const untilInterrupt = () =>
      new Promise<void>((resolve) => {
        if (!signal) return; // nothing can stop it: hangs, as a real engine would
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    async function* iterate(): AsyncGenerator<string> {
      if (reply.error !== undefined) {
        fail(reply.error);
        throw reply.error;
      }
      const streamedText = text + leaked;
      for (let i = 0; i < streamedText.length; i += 7) {
        if (interrupted()) break;
        const delta = streamedText.slice(i, i + 7);
        deltas.push(delta);
        yield delta;
        await Promise.resolve();
      }
      if (reply.hang && !interrupted()) await untilInterrupt();
      if (interrupted()) return finish(deltas.join(''), 'abort');
      finish(text, cut ? 'stop' : (reply.finishReason ?? 'stop'));
    }
    const iterable = iterate();
    return { [Symbol.asyncIterator]: () => iterable, result };
  }
}

/** Text up to the first stop string; `leaked`: the part of it a WebLLM stream shows. */
function applyStops(content: string, stops: string[]) {
  let at = -1;
  let stop = '';
  for (const s of stops) {
    const i = content.indexOf(s);
    if (i !== -1 && (at === -1 || i < at)) [at, stop] = [i, s];
  }
  if (at === -1) return { text: content, leaked: '', cut: false };
  return { text: content.slice(0, at), leaked: stop.slice(0, stop.length - 1), cut: true };
}
