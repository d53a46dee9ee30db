// One streamed chat-completions chunk, read defensively: a server may send a usage-only
// chunk (no choices), a role-only first delta, or an error object in the middle of the stream.

export interface ServerUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export interface ParsedChunk {
  /** Text to append (may be ''). */
  text: string;
  /** The server's finish reason, when this chunk carries one. */
  finishReason?: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** The server reported an error inside the stream. */
  error?: string;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

/** Parses one event's data; throws a SyntaxError for data that is not a JSON object. */
export function parseChunk(data: string): ParsedChunk {
  const json = JSON.parse(data) as unknown;
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new SyntaxError('a stream event is not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.error !== undefined && o.error !== null) {
    const e = o.error as { message?: unknown } | string;
    return { text: '', error: typeof e === 'string' ? e : String(e.message ?? JSON.stringify(e)) };
  }
  const out: ParsedChunk = { text: '' };
  const choice = Array.isArray(o.choices) ? (o.choices[0] as Record<string, unknown>) : undefined;
  if (choice) {
    const delta = choice.delta as { content?: unknown } | undefined;
    if (typeof delta?.content === 'string') out.text = delta.content;
    if (typeof choice.finish_reason === 'string') out.finishReason = choice.finish_reason;
  }
  const usage = o.usage as ServerUsage | null | undefined;
  const prompt = num(usage?.prompt_tokens);
  const completion = num(usage?.completion_tokens);
  if (prompt !== undefined && completion !== undefined)
    out.usage = { promptTokens: prompt, completionTokens: completion };
  return out;
}
