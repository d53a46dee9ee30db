// WebLLM reuses its KV cache only when the history it is sent matches, byte for
// byte, the conversation it stored - and it stored each reply with the stop string
// removed. The agent re-appends `</execute>` to replies cut at that stop (the model
// was trained on closed blocks, and the UI and exports want them), so before a
// request goes to WebLLM a trailing stop string is taken off earlier assistant turns.
// The edit is applied to every request alike, so requests stay prefix-extensions.
import type { ChatMessage } from '../../engines/types';

export function alignHistoryWithEngine(
  messages: ChatMessage[],
  stop: string[] = [],
): ChatMessage[] {
  if (stop.length === 0) return messages;
  return messages.map((m) => {
    if (m.role !== 'assistant') return m;
    const s = stop.find((x) => x.length > 0 && m.content.endsWith(x));
    return s ? { role: m.role, content: m.content.slice(0, -s.length) } : m;
  });
}
