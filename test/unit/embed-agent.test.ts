// withHostTools: host tools reach every agent the app creates, later registrations rebuild
// the agent with the same conversation, and events reach both the app and the host.
import { describe, expect, it } from 'vitest';
import type { Agent, AgentConfig, SendOptions } from '../../src/agent/api';
import type { AgentEvent } from '../../src/agent/events';
import type { ChatMessage } from '../../src/engine/engines/types';
import { HostToolSet, withHostTools } from '../../src/embed/app/embed-agent';
import type { PythonTool } from '../../src/runtime/types';

/** FAKE agent: records its config, answers every message with one final event. */
class FakeAgent implements Agent {
  messages: ChatMessage[] = [];
  constructor(readonly config: AgentConfig) {
    const names = (config.tools ?? []).map((t) => t.name).join(',');
    this.messages.push({ role: 'system', content: `tools: ${names}` });
  }
  async send(text: string, opts: SendOptions = {}) {
    this.messages.push({ role: 'user', content: text }, { role: 'assistant', content: 'done' });
    opts.onEvent?.({ type: 'final', turn: 1, content: `final for ${text}` });
  }
  async regenerate() {}
  recordManualRun() {}
  load(messages: ChatMessage[]) {
    this.messages = [{ ...this.messages[0]! }, ...messages];
  }
}

const tool = (name: string): PythonTool => ({
  name,
  signature: '()',
  returns: 'int',
  description: 'd',
  source: `def ${name}():\n    return 1`,
});
const config = { tools: [tool('app_tool')] } as unknown as AgentConfig;

describe('withHostTools', () => {
  it('adds host tools, rebuilds on new ones keeping the conversation, and tees events', async () => {
    const created: FakeAgent[] = [];
    const hostEvents: AgentEvent[] = [];
    const tools = new HostToolSet();
    tools.set([tool('host_a')]);
    const create = withHostTools(
      (c) => created[created.push(new FakeAgent(c)) - 1]!,
      tools,
      (e) => hostEvents.push(e),
    );
    const agent = await create(config);
    const appEvents: AgentEvent[] = [];
    await agent.send('one', { onEvent: (e) => appEvents.push(e) });
    expect(agent.messages[0]!.content).toBe('tools: app_tool,host_a');

    tools.set([tool('host_a'), tool('host_b')]);
    await agent.send('two', { onEvent: (e) => appEvents.push(e) });
    expect(created).toHaveLength(2);
    expect(agent.messages.map((m) => m.content)).toEqual([
      'tools: app_tool,host_a,host_b',
      'one',
      'done',
      'two',
      'done',
    ]);
    expect(appEvents).toEqual(hostEvents);
    expect(hostEvents.map((e) => (e as { content: string }).content)).toEqual([
      'final for one',
      'final for two',
    ]);
  });
});
