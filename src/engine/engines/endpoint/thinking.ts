// The thinking switch as the engine can really send it. A reasoning model behind a server with
// no per-request switch (llama-cpp-python, LM Studio, a hosted API) keeps reasoning whatever
// the app asks, and "retry with thinking off" would loop; so for such an engine the model's
// reasoning counts as having no switch and as off: the switch is hidden, the prompt promises
// nothing, and no thinking budget is reserved. `<think>` blocks are still parsed as reasoning.
import type { ModelDialect } from '../../catalog/dialects';
import type { LLMEngine } from '../types';

export function servedDialect(
  dialect: ModelDialect,
  engine: Pick<LLMEngine, 'canSwitchThinking'>,
): ModelDialect {
  const r = dialect.reasoning;
  if (engine.canSwitchThinking !== false || !r || r.switch === 'none') return dialect;
  return { ...dialect, reasoning: { ...r, switch: 'none', defaultOn: false } };
}
