// The one place an agent's configuration is made from an engine, its model's dialect and the
// caller's limits: the chat (src/ui/state/chat-session.svelte.ts), the in-app Evaluate and the
// headless runner (src/eval/runner.ts) all call agentSetupFor, so an evaluation measures the agent
// that users talk to (same prompt dialect, end tokens, reasoning format, thinking switch,
// workspace summary and network flag). Only the limits and the sampling differ, and an evaluation
// records the sampling it used.
import {
  dialectFor,
  hasThinkingSwitch,
  servedDialect,
  type DialectSource,
  type LLMEngine,
  type ModelDialect,
} from '../engine';
import type { CodeRunner, PythonTool } from '../runtime/types';
import type { AgentConfig, PromptDialect } from './api';
import type { FilesPort } from './workspace/summary';

/** A new conversation's thinking switch (on: a reasoning model reasons unless told not to). */
export const DEFAULT_THINKING = true;

export interface AgentSetupInput {
  engine: LLMEngine;
  /** The model's dialect (dialectForEngine, or the catalog entry's when a model is loaded). */
  dialect: ModelDialect;
  runner: CodeRunner;
  /** The /workspace the agent's code sees, summarised for the model with a user message. */
  workspace: FilesPort;
  limits: { maxSteps?: number; maxTokens?: number; timeoutMs?: number };
  sampling: { temperature: number };
  /** Whether Python may use the network (the system prompt then offers `!pip`). */
  online: boolean;
  /** The thinking switch as asked (it applies to models that have one). */
  thinking: boolean;
  tools?: PythonTool[];
  /** The packages the prompt names (default: ask the runner); `[]`: the standard library only. */
  packages?: readonly string[];
}

/** The sampling a run used, as an evaluation records it. */
export interface AgentSampling {
  temperature: number;
  /** Tokens per reply; null: the agent's default. */
  maxTokens: number | null;
  /** The thinking switch sent with each message; null: the model has none. */
  thinking: boolean | null;
}

export interface AgentSetup {
  config: AgentConfig;
  /** Sent with every message (SendOptions.thinking). */
  thinking: boolean;
  sampling: AgentSampling;
}

/**
 * The dialect for an engine: `model` is the loaded catalog model (its dialect is catalog data);
 * a plain dialect forces the prompt style (a model server's own decision); without either the
 * engine's series or model id decides.
 */
export function dialectForEngine(
  engine: Pick<LLMEngine, 'modelId' | 'series' | 'canSwitchThinking'>,
  model?: PromptDialect | DialectSource,
): ModelDialect {
  const source: DialectSource =
    typeof model === 'object'
      ? model
      : { id: engine.modelId, series: engine.series, ...(model ? { dialect: model } : {}) };
  // A model server that cannot switch reasoning off hides the switch (servedDialect).
  return servedDialect(dialectFor(source), engine);
}

export function agentSetupFor(input: AgentSetupInput): AgentSetup {
  const { dialect, workspace, limits } = input;
  const config: AgentConfig = {
    engine: input.engine,
    runner: input.runner,
    dialect: dialect.prompt,
    endTokens: [...dialect.endTokens],
    ...(dialect.reasoning ? { reasoning: dialect.reasoning } : {}),
    // The table and spreadsheet readers load with the first message, not with the first screen.
    workspaceSummary: async (budget) =>
      (await import('./workspace/summary')).summarizeWorkspace(workspace, budget),
    ...(limits.maxSteps !== undefined ? { maxSteps: limits.maxSteps } : {}),
    ...(limits.maxTokens !== undefined ? { maxTokens: limits.maxTokens } : {}),
    ...(limits.timeoutMs !== undefined ? { timeoutMs: limits.timeoutMs } : {}),
    temperature: input.sampling.temperature,
    online: input.online,
    // A replay plays its recorded turns exactly; every other engine gets the compute check.
    computeCheck: input.engine.kind !== 'replay',
    ...(input.tools?.length ? { tools: input.tools } : {}),
    ...(input.packages ? { packages: input.packages } : {}),
  };
  return {
    config,
    thinking: input.thinking,
    sampling: {
      temperature: input.sampling.temperature,
      maxTokens: limits.maxTokens ?? null,
      thinking: hasThinkingSwitch(dialect) ? input.thinking : null,
    },
  };
}
