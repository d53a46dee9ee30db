// The HTTP requests the engine sends: headers (the key goes only here) and the streamed
// chat-completions body. Messages go out exactly as given: the assistant turns are what the
// server produced, so servers with prefix caching (vLLM, SGLang, llama.cpp) can reuse them.
//
// Only OpenAI chat-completions fields go to a server that has not shown it understands more:
// strict hosts (OpenAI, Groq) answer HTTP 400 to any other field. Extensions are added per
// recognised server (servers.ts): vLLM's `include_stop_str_in_output`, and the thinking switch
// the way that server reads it. The reply reader copes with echoed and stripped stops alike.
import type { ChatMessage, ChatRequestOptions } from '../types';
import { serverById, type ServerKind } from './servers';

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
  /** false only when asking again after a stream that ended empty (see EmptyStreamError). */
  stream: boolean;
  stream_options: { include_usage: true };
  stop: string[];
  temperature?: number;
  top_p?: number;
  /** llama.cpp, llama-cpp-python, vLLM, SGLang. */
  min_p?: number;
  max_tokens?: number;
  /** vLLM's and SGLang's extension: send the matched stop string back. */
  include_stop_str_in_output?: true;
  /** vLLM, SGLang, llama.cpp: reaches the chat template (Qwen3's enable_thinking). */
  chat_template_kwargs?: { enable_thinking: boolean };
  /** Ollama: "none" turns thinking off. */
  reasoning_effort?: 'none';
}

/** The fields every OpenAI-compatible server accepts (what a strict host is sent). */
export const OPENAI_CHAT_FIELDS = [
  'model',
  'messages',
  'stream',
  'stream_options',
  'stop',
  'temperature',
  'top_p',
  'max_tokens',
] as const;

/** Whether this server can be told per request not to reason. */
export function canSwitchThinking(server: ServerKind | undefined): boolean {
  return (serverById(server)?.thinkingSwitch ?? 'none') !== 'none';
}

export function chatBody(
  model: string,
  messages: ChatMessage[],
  opts: ChatRequestOptions,
  server?: ServerKind,
): ChatBody {
  const body: ChatBody = {
    model,
    messages: messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    stream_options: { include_usage: true },
    stop: (opts.stop ?? []).filter((s) => s.length > 0).slice(0, MAX_SERVER_STOPS),
  };
  if (opts.temperature !== undefined) body.temperature = opts.temperature;
  if (opts.maxTokens !== undefined) body.max_tokens = opts.maxTokens;
  if (opts.topP !== undefined) body.top_p = opts.topP;
  const known = serverById(server);
  if (opts.minP !== undefined && known?.readsMinP) body.min_p = opts.minP;
  if (known?.echoesStops) body.include_stop_str_in_output = true;
  if (opts.enableThinking !== undefined) {
    if (known?.thinkingSwitch === 'chat_template_kwargs')
      body.chat_template_kwargs = { enable_thinking: opts.enableThinking };
    else if (known?.thinkingSwitch === 'reasoning_effort' && !opts.enableThinking)
      body.reasoning_effort = 'none';
  }
  return body;
}

/** The fetch options every request shares: CORS mode, no cookies, never a cached answer. */
export const FETCH_DEFAULTS = { mode: 'cors', credentials: 'omit', cache: 'no-store' } as const;
