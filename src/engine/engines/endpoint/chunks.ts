// One streamed chat-completions chunk, read defensively: a server may send a usage-only
// chunk (no choices), a role-only first delta, or an error object in the middle of the stream.
// Reasoning models' thinking comes apart from the answer on most servers: `delta.reasoning`
// (Ollama, vLLM ≥ 0.10) or `delta.reasoning_content` (llama.cpp's default reasoning format,
// SGLang and older vLLM with a reasoning parser, DeepSeek's API).

export interface ServerUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export interface ParsedChunk {
  /** Text to append (may be ''). */
  text: string;
  /** Reasoning text sent apart from the answer (may be ''). */
  reasoning: string;
  /** The server's finish reason, when this chunk carries one. */
  finishReason?: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** The server reported an error inside the stream. */
  error?: string;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

/** The reasoning a delta or a final message carries in a field of its own ('' when none). */
export function reasoningOf(part: unknown): string {
  const o = part as { reasoning?: unknown; reasoning_content?: unknown } | null | undefined;
  if (typeof o?.reasoning_content === 'string') return o.reasoning_content;
  return typeof o?.reasoning === 'string' ? o.reasoning : '';
}

/** Parses one event's data; throws a SyntaxError for data that is not a JSON object. */
export function parseChunk(data: string): ParsedChunk {
  const json = JSON.parse(data) as unknown;
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new SyntaxError('a stream event is not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.error !== undefined && o.error !== null) {
    const e = o.error as { message?: unknown } | string;
    return {
      text: '',
      reasoning: '',
      error: typeof e === 'string' ? e : String(e.message ?? JSON.stringify(e)),
    };
  }
  // Older vLLM wrote stream errors flat: {"object": "error", "message": …, "code": …}.
  if (o.object === 'error' || (typeof o.message === 'string' && !('choices' in o)))
    return { text: '', reasoning: '', error: String(o.message ?? 'unknown error') };
  const out: ParsedChunk = { text: '', reasoning: '' };
  const choice = Array.isArray(o.choices) ? (o.choices[0] as Record<string, unknown>) : undefined;
  if (choice) {
    const delta = choice.delta as { content?: unknown } | undefined;
    if (typeof delta?.content === 'string') out.text = delta.content;
    out.reasoning = reasoningOf(delta);
    if (typeof choice.finish_reason === 'string') out.finishReason = choice.finish_reason;
  }
  const usage = o.usage as ServerUsage | null | undefined;
  const prompt = num(usage?.prompt_tokens);
  const completion = num(usage?.completion_tokens);
  if (prompt !== undefined && completion !== undefined)
    out.usage = { promptTokens: prompt, completionTokens: completion };
  return out;
}
