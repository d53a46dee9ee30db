// Driving the open conversation: the agent for the app's engine (made once per conversation and
// engine), a message, a regenerated reply, a cell run by hand, and the one Stop. It owns what the
// status line shows of that work. The app state (app.svelte.ts) is the root that holds it.
import type { Agent } from '../../agent/api';
import type { AgentEvent } from '../../agent/events';
import { agentSetupFor, dialectForEngine } from '../../agent/agent-setup';
import type { LLMEngine, ModelDialect } from '../../engine';
import type { ChatsState } from './chats.svelte';
import { applyResult, type ConversationState } from './conversation.svelte';
import { message, type FilesState } from './files.svelte';
import { appendOutput } from '../cells/outputs';
import { toWorkspaceFiles, type PythonPort, type Services } from './ports';
import type { SettingsState } from './settings.svelte';

export type AppStatus = 'idle' | 'loading' | 'generating' | 'running' | 'error';

type CreateAgent = Services['createAgent'];
/** Wraps how agents are made (widget mode adds the host page's tools); see decorateAgents(). */
export type AgentDecorator = (create: CreateAgent) => CreateAgent;

/** The last model step's numbers, for the status line (rates only where the engine reports them). */
export interface TurnStats {
  prefillTokensPerSec?: number;
  decodeTokensPerSec?: number;
  promptTokens: number;
  completionTokens: number;
  contextTokens: number;
  contextWindow: number;
  stepMs: number;
  /** The token counts (and so the rates) are the agent's estimate: the engine sent none. */
  estimated?: boolean;
}

/** What the session reads from the app root (AppState has these members). */
export interface ChatHost {
  readonly services: Services;
  readonly settings: SettingsState;
  readonly chats: ChatsState;
  readonly files: FilesState;
  readonly engine: LLMEngine | null;
  readonly dialect: ModelDialect | undefined;
  readonly conversation: ConversationState;
  readonly evaluation: { readonly running: boolean };
  /** Text waiting in the composer: a message that is sent leaves it. */
  draft: string;
  startPython(): Promise<PythonPort>;
  /** A message's turn is over, however it ended (a demo's script ends with it). */
  turnEnded(conv: ConversationState): void;
}

export class ChatSession {
  status = $state<AppStatus>('idle');
  statusDetail = $state('');
  turnStats = $state<TurnStats | null>(null);

  #agent: Agent | undefined;
  #agentFor: { conv: string; engine: LLMEngine } | undefined;
  #abort: AbortController | undefined;
  #decorators: AgentDecorator[] = [];

  constructor(private readonly host: ChatHost) {}

  get busy(): boolean {
    return this.status === 'generating' || this.status === 'running' || this.status === 'loading';
  }

  /** The next message makes a fresh agent (another conversation, engine or settings). */
  forgetAgent(): void {
    this.#agentFor = undefined;
  }

  decorateAgents(decorator: AgentDecorator): void {
    this.#decorators.push(decorator);
    this.forgetAgent();
  }

  async #agentReady(): Promise<Agent> {
    const { engine, conversation: conv, settings } = this.host;
    if (!engine) throw new Error('No model is loaded. Load one in Models, or run a demo.');
    if (this.#agent && this.#agentFor?.conv === conv.id && this.#agentFor.engine === engine)
      return this.#agent;
    const python = await this.host.startPython();
    await python.useNamespace?.(conv.id);
    const create = this.#decorators.reduce<CreateAgent>(
      (inner, decorate) => decorate(inner),
      (config) => this.host.services.createAgent(config),
    );
    const { config } = agentSetupFor({
      engine,
      dialect: this.host.dialect ?? dialectForEngine(engine),
      runner: python,
      workspace: {
        listFiles: async () => toWorkspaceFiles(await python.listFiles()),
        readFile: (path) => python.readFile(path),
      },
      limits: {
        maxSteps: settings.maxSteps,
        maxTokens: settings.maxReplyTokens,
        timeoutMs: settings.timeoutSec * 1000,
      },
      sampling: { temperature: settings.temperature },
      online: settings.allowNetwork,
      thinking: conv.thinking,
    });
    const agent = await create(config);
    if (conv.history.length) agent.load(conv.history);
    this.#agent = agent;
    this.#agentFor = { conv: conv.id, engine };
    return agent;
  }

  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || this.busy || this.#evaluating()) return;
    const conv = this.host.conversation;
    conv.addUserMessage(trimmed);
    this.host.draft = '';
    await this.#drive(conv, (agent, opts) => agent.send(trimmed, opts));
  }

  async regenerate(): Promise<void> {
    if (this.busy || this.#evaluating()) return;
    const conv = this.host.conversation;
    conv.dropLastReply();
    await this.#drive(conv, (agent, opts) => agent.regenerate(opts));
  }

  async #drive(
    conv: ConversationState,
    step: (
      agent: Agent,
      opts: { signal: AbortSignal; thinking: boolean; onEvent: (e: AgentEvent) => void },
    ) => Promise<void>,
  ): Promise<void> {
    this.status = 'loading';
    this.statusDetail = '';
    const abort = (this.#abort = new AbortController());
    try {
      const agent = await this.#agentReady();
      conv.engineLabel = this.host.engine?.label;
      await this.host.chats.save(conv);
      await step(agent, {
        signal: abort.signal,
        // The thinking switch is read per message: it applies from the next one.
        thinking: conv.thinking,
        onEvent: (ev) => this.#onEvent(conv, agent, ev),
      });
      conv.history = [...agent.messages];
      if ((this.status as AppStatus) !== 'error') this.status = 'idle';
    } catch (e) {
      if (abort.signal.aborted) {
        conv.apply({ type: 'stopped', reason: 'user', message: 'Stopped.' });
        this.status = 'idle';
      } else {
        conv.apply({ type: 'error', message: message(e) });
        this.fail(message(e));
      }
    } finally {
      this.host.turnEnded(conv);
      await this.#settle(conv);
    }
  }

  /** After a turn or a manual run, however it ended: keep the history, save, list the files. */
  async #settle(conv: ConversationState): Promise<void> {
    this.#abort = undefined;
    if (this.#agent) conv.history = [...this.#agent.messages];
    await this.host.chats.save(conv);
    void this.host.files.refresh();
  }

  #onEvent(conv: ConversationState, agent: Agent, ev: AgentEvent): void {
    if (ev.type === 'turn-start') conv.lastRequest = [...agent.messages];
    if (ev.type === 'turn-start' || ev.type === 'text-delta') this.status = 'generating';
    if (ev.type === 'run-start') this.status = 'running';
    if (ev.type === 'run-end') {
      this.status = 'generating';
      void this.host.files.refresh();
    }
    if (ev.type === 'usage') {
      this.turnStats = {
        prefillTokensPerSec: ev.usage.prefillTokensPerSec,
        decodeTokensPerSec: ev.usage.decodeTokensPerSec,
        promptTokens: ev.usage.promptTokens,
        completionTokens: ev.usage.completionTokens,
        contextTokens: ev.contextTokens,
        contextWindow: ev.contextWindow,
        stepMs: ev.elapsedMs,
        estimated: ev.estimated === true,
      };
    }
    if (ev.type === 'error') this.fail(ev.message);
    if (conv.apply(ev)) {
      conv.history = [...agent.messages];
      void this.host.chats.save(conv);
    }
  }

  /** The one way to stop: abort the controller of what is in flight (generation, run, manual run);
   *  the engine and the Python owner translate it (interruptGenerate, SIGINT then terminate). */
  stop(): void {
    this.#abort?.abort();
  }

  /** Run a (possibly edited) cell by hand; the result is the next turn's observation. */
  async runCell(code: string): Promise<void> {
    if (this.busy) return;
    const conv = this.host.conversation;
    const cell = conv.addManualCell(code);
    this.status = 'running';
    const abort = (this.#abort = new AbortController());
    try {
      const py = await this.host.startPython();
      await py.useNamespace?.(conv.id); // this conversation's variables, with or without a model
      const result = await py.run(code, {
        signal: abort.signal,
        timeoutMs: this.host.settings.timeoutSec * 1000,
        onOutput: (o) => appendOutput(cell.outputs, o),
      });
      applyResult(cell, result);
      if (this.host.engine) (await this.#agentReady()).recordManualRun(code, result);
      this.status = 'idle';
    } catch (e) {
      cell.status = 'error';
      cell.error = { ename: 'Error', evalue: message(e), traceback: message(e) };
      this.fail(message(e));
    } finally {
      await this.#settle(conv);
    }
  }

  /** An evaluation is using the engine: the chat waits rather than interleave with it. */
  #evaluating(): boolean {
    if (!this.host.evaluation.running) return false;
    this.host.conversation.addNotice(
      'An evaluation is using the model: wait, or stop it in Models → Evaluate.',
    );
    return true;
  }

  fail(detail: string): void {
    this.status = 'error';
    this.statusDetail = detail;
  }
}
