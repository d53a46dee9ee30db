// Builds a CodeActAgent on the FAKE engine and FAKE runtime and records its events.
import { CodeActAgent } from '../../src/agent/agent';
import type { AgentConfig } from '../../src/agent/api';
import type { AgentEvent } from '../../src/agent/events';
import { FakeEngine, type FakeReply } from './fake-engine';
import { FakeRunner, type FakeHandler } from './fake-runtime';

export interface Harness {
  agent: CodeActAgent;
  engine: FakeEngine;
  runner: FakeRunner;
  events: AgentEvent[];
  onEvent: (e: AgentEvent) => void;
  ofType: <T extends AgentEvent['type']>(type: T) => Extract<AgentEvent, { type: T }>[];
}

export function harness(
  replies: (string | FakeReply)[],
  handler?: FakeHandler,
  config: Partial<AgentConfig> & { contextWindow?: number } = {},
): Harness {
  const { contextWindow, ...rest } = config;
  const engine = new FakeEngine(replies, { contextWindow });
  const runner = new FakeRunner(handler);
  const agent = new CodeActAgent({ engine, runner, dialect: 'codeact', ...rest });
  const events: AgentEvent[] = [];
  return {
    agent,
    engine,
    runner,
    events,
    onEvent: (e) => events.push(e),
    ofType: <T extends AgentEvent['type']>(type: T) =>
      events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type),
  };
}
