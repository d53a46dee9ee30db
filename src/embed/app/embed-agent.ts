// Wraps the app's agents in widget mode: adds the host's tools to every agent the app
// creates, rebuilds the agent (same conversation, new system prompt) when the host
// registers tools later, and tees the agent's events to the bridge.
import type { Agent, AgentConfig, SendOptions } from '../../agent/api';
import type { AgentEvent, AgentEventListener } from '../../agent/events';
import type { ChatMessage } from '../../engine';
import type { PythonTool } from '../../runtime/types';

export type CreateAgent = (config: AgentConfig) => Agent | Promise<Agent>;

/** The host's tools, with a version that changes whenever they do. */
export class HostToolSet {
  tools: PythonTool[] = [];
  version = 0;
  set(tools: PythonTool[]): void {
    this.tools = tools;
    this.version++;
  }
}

export function withHostTools(
  createAgent: CreateAgent,
  hostTools: HostToolSet,
  emit: AgentEventListener,
): (config: AgentConfig) => Promise<Agent> {
  const build = (config: AgentConfig) =>
    createAgent({ ...config, tools: [...(config.tools ?? []), ...hostTools.tools] });
  return async (config) =>
    new EmbedAgent(await build(config), hostTools.version, () => build(config), hostTools, emit);
}

class EmbedAgent implements Agent {
  constructor(
    private inner: Agent,
    private toolsVersion: number,
    private rebuild: () => Agent | Promise<Agent>,
    private hostTools: HostToolSet,
    private emit: AgentEventListener,
  ) {}

  get messages(): readonly ChatMessage[] {
    return this.inner.messages;
  }

  async send(text: string, opts?: SendOptions): Promise<void> {
    return (await this.#current()).send(text, this.#tee(opts));
  }

  async regenerate(opts?: SendOptions): Promise<void> {
    return (await this.#current()).regenerate(this.#tee(opts));
  }

  recordManualRun(...args: Parameters<Agent['recordManualRun']>): void {
    this.inner.recordManualRun(...args);
  }

  load(messages: ChatMessage[]): void {
    this.inner.load(messages);
  }

  /** A fresh agent when the host's tools changed; the conversation carries over. */
  async #current(): Promise<Agent> {
    if (this.toolsVersion !== this.hostTools.version) {
      const kept = this.inner.messages.filter((m, i) => !(i === 0 && m.role === 'system'));
      const next = await this.rebuild();
      // Without the old system prompt, the new agent writes one that lists the new tools.
      if (kept.length) next.load([...kept]);
      this.inner = next;
      this.toolsVersion = this.hostTools.version;
    }
    return this.inner;
  }

  #tee(opts: SendOptions = {}): SendOptions {
    return {
      ...opts,
      onEvent: (e: AgentEvent) => {
        opts.onEvent?.(e);
        this.emit(e);
      },
    };
  }
}
