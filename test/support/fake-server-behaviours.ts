// FAKE model-server behaviours, each reproducing one documented way real servers differ
// (used by FakeOpenAIServer; nothing here is a model):
// - a strict hosted API (OpenAI, Groq) that answers HTTP 400 to any field it does not know;
// - Ollama's silent truncation: past the loaded context it drops the oldest non-system messages
//   and answers anyway (Ollama server/prompt.go), with `/api/ps` reporting `context_length`;
// - stop strings matched on the raw text, reasoning included (what servers do), so a stop
//   inside the reasoning ends the reply before any content.

/** OpenAI's chat-completions request fields (what a strict host accepts). */
export const STRICT_HOST_FIELDS = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'stop',
  'temperature',
  'top_p',
  'n',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'user',
  'seed',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'metadata',
  'store',
  'service_tier',
]);

/** The first field a strict host would refuse, or undefined. */
export function unknownField(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  return Object.keys(body).find((k) => !STRICT_HOST_FIELDS.has(k));
}

/** OpenAI's wording (Groq's differs; both are HTTP 400). */
export function strictHostError(field: string) {
  return {
    error: {
      message: `Unrecognized request argument supplied: ${field}`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  };
}

export type Msg = { role: string; content: string };

/** The fake's token count: 4 characters a token, 4 tokens around each message. */
export const fakeTokens = (messages: readonly Msg[]) =>
  messages.reduce((n, m) => n + Math.ceil(m.content.length / 4) + 4, 0);

/**
 * Ollama's truncation: drop the oldest messages that are neither system messages nor the
 * latest one until the prompt fits. Returns the messages the model would see.
 */
export function ollamaTruncate(messages: readonly Msg[], contextLength: number): Msg[] {
  const kept = [...messages];
  while (fakeTokens(kept) > contextLength) {
    const i = kept.findIndex((m, k) => m.role !== 'system' && k < kept.length - 1);
    if (i < 0) break;
    kept.splice(i, 1);
  }
  return kept;
}

/** Where the first stop string starts in `text`, and which one (-1 when none). */
export function firstStop(text: string, stops: readonly string[] | undefined) {
  let at = -1;
  let hit = '';
  for (const s of stops ?? []) {
    const i = s ? text.indexOf(s) : -1;
    if (i >= 0 && (at < 0 || i < at)) [at, hit] = [i, s];
  }
  return { at, hit };
}
