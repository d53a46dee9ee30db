// Which prompt dialect a served model gets, from its id alone (a server tells us nothing
// else about the model). Rules are data and the first match wins.
//
// Seam for reasoning models: the session that adds reasoning handling puts its rule (e.g.
// a family that thinks, with its dialect) before the generic fallback in DIALECT_RULES.
import type { PromptDialect } from '../../catalog/types';

export interface ServedDialect {
  dialect: PromptDialect;
  /** End-of-turn strings sent as stops next to `</execute>` (the agent's defaults for the dialect). */
  endTokens: string[];
  /** Why this dialect, shown in the setup panel. */
  reason: string;
}

interface DialectRule {
  test: RegExp;
  choice: ServedDialect;
}

export const DIALECT_RULES: readonly DialectRule[] = [
  {
    // xingyaoww/CodeActAgent-Mistral-7b-v0.1, Ollama's xingyaow/codeact-agent-mistral, GGUF file names…
    test: /code[\s_-]*act[\s_-]*agent/i,
    choice: {
      dialect: 'codeact',
      endTokens: ['<|im_end|>'],
      reason: 'CodeActAgent: its own prompt, ChatML end-of-turn <|im_end|>',
    },
  },
];

const GENERIC: ServedDialect = {
  dialect: 'generic',
  endTokens: [],
  reason: 'generic instruct model: the worked-example prompt, the server applies its chat template',
};

export function dialectForServedModel(modelId: string): ServedDialect {
  const rule = DIALECT_RULES.find((r) => r.test.test(modelId));
  const choice = rule?.choice ?? GENERIC;
  return { ...choice, endTokens: [...choice.endTokens] };
}
