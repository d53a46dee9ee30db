// The HTTP requests the engine sends: headers (the key goes only here) and the streamed
// chat-completions body. Messages go out exactly as given: the assistant turns are what the
// server produced, so servers with prefix caching (vLLM, SGLang, llama.cpp) can reuse them.
import type { ChatMessage, ChatRequestOptions } from '../types';

/** OpenAI accepts at most four stop strings; the engine enforces every one itself anyway. */
const MAX_SERVER_STOPS = 4;

export function requestHeaders(apiKey: string | undefined, json: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: json ? 'text/event-stream' : 'application/json',
  };
  if (json) headers['Content-Type'] = 'application/json';
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  return headers;
}

export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  stream: true;
  stream_options: { include_usage: true };
  stop: string[];
  /** vLLM's extension: send the matched stop string back (others ignore the field). */
  include_stop_str_in_output: true;
  temperature?: number;
  max_tokens?: number;
}

export function chatBody(
  model: string,
  messages: ChatMessage[],
  opts: ChatRequestOptions,
): ChatBody {
  const body: ChatBody = {
    model,
    messages: messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    stream_options: { include_usage: true },
    stop: (opts.stop ?? []).filter((s) => s.length > 0).slice(0, MAX_SERVER_STOPS),
    include_stop_str_in_output: true,
  };
  if (opts.temperature !== undefined) body.temperature = opts.temperature;
  if (opts.maxTokens !== undefined) body.max_tokens = opts.maxTokens;
  return body;
}

/** The fetch options every request shares: CORS mode, no cookies, never a cached answer. */
export const FETCH_DEFAULTS = { mode: 'cors', credentials: 'omit', cache: 'no-store' } as const;
