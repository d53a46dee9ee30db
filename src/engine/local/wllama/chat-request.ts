// One LLMEngine request as llama.cpp's chat completion, and its streamed chunks back into our
// shapes. llama-server's OpenAI parser takes `stop` in chat requests (wllama types it only on
// completions but forwards the whole object), so stop strings end generation inside llama.cpp.
import type { ChatCompletionChunk, ChatCompletionParams, ResultTimings } from '@wllama/wllama';
import type { ChatMessage, ChatRequestOptions, FinishReason, Usage } from '../../engines/types';

/** The request sent to llama.cpp for one chat() call. */
export function chatParams(
  messages: readonly ChatMessage[],
  opts: ChatRequestOptions,
): ChatCompletionParams & { stream: true; stop?: string[] } {
  return {
    messages: messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    // Append-only agent history: the common prefix of the last prompt stays in the KV cache.
    cache_prompt: true,
    ...(opts.stop?.length ? { stop: [...opts.stop] } : {}),
    ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
    ...(opts.topP !== undefined ? { top_p: opts.topP } : {}),
    ...(opts.minP !== undefined ? { min_p: opts.minP } : {}),
    ...(opts.maxTokens !== undefined ? { max_tokens: opts.maxTokens } : {}),
    // Qwen3-style switch, read by the model's own Jinja template; templates without it ignore it.
    ...(opts.enableThinking !== undefined
      ? { chat_template_kwargs: { enable_thinking: opts.enableThinking } }
      : {}),
    ...(opts.signal ? { abortSignal: opts.signal } : {}),
  };
}

/** The text of one chunk. Reasoning stays inline (`reasoning_format: 'none'` at load), as WebLLM gives it. */
export function chunkText(chunk: ChatCompletionChunk): string {
  return chunk.choices?.[0]?.delta?.content ?? '';
}

export function chunkFinish(chunk: ChatCompletionChunk): FinishReason | undefined {
  const f = chunk.choices?.[0]?.finish_reason;
  if (!f) return undefined;
  return f === 'length' ? 'length' : 'stop';
}

/** llama.cpp's own timings: `prompt_n` is what it evaluated (small when the cache was reused). */
export function usageFrom(t: ResultTimings): Usage {
  return {
    promptTokens: t.prompt_n,
    completionTokens: t.predicted_n,
    ...(t.prompt_n > 0 && t.prompt_ms > 0 ? { prefillTokensPerSec: t.prompt_per_second } : {}),
    ...(t.predicted_n > 0 && t.predicted_ms > 0
      ? { decodeTokensPerSec: t.predicted_per_second }
      : {}),
  };
}
