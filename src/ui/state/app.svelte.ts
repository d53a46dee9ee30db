// The app: which conversation is open, the engine and agent, Python, and what the status line
// shows. Components call these methods and render the state; they hold no logic of their own.
import type { Agent, PromptDialect } from '../../agent/api';
import type { AgentEvent } from '../../agent/events';
import {
  dialectFor,
  hasThinkingSwitch,
  type DialectSource,
  type LLMEngine,
  type LocalModels,
  type ModelDialect,
} from '../../engine';
import { summarizeWorkspace } from '../../agent/workspace/summary';
import type { RuntimeStatus } from '../../runtime/types';
import { ConversationStore } from '../../storage/conversations';
import { openAppDB } from '../../storage/db';
import { loadSettings, saveSettings } from '../../storage/settings';
import { ChatsState } from './chats.svelte';
import { ConversationState, applyResult } from './conversation.svelte';
import { FilesState, message } from './files.svelte';
import { packageStatus } from './python-status';
import { appendOutput } from '../cells/outputs';
import type { SandboxInfo } from '../../../workers/contracts/python';
import { toWorkspaceFiles, type PythonPort, type Services } from './ports';
import { SettingsState } from './settings.svelte';
import { ModelsState } from '../models/models.svelte';
import { EndpointState, type EndpointStateOptions } from '../models/endpoint.svelte';
import { EvalState } from '../eval/eval.svelte';

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
}

export class AppState {
  status = $state<AppStatus>('idle');
  statusDetail = $state('');
  pythonStatus = $state<RuntimeStatus>('idle');
  pythonVersion = $state('');
  /** Start-up step shown while Python starts ("Loading packages…"). */
  pythonProgress = $state('');
  /** How Python's network lock is enforced (from the worker's own check), once started. */
  pythonSandbox = $state<SandboxInfo | null>(null);
  /** Packages loading right now, per package with its MB ("Loading packages: numpy 3.1 MB…"). */
  packageText = $state('');
  engine = $state.raw<LLMEngine | null>(null);
  turnStats = $state<TurnStats | null>(null);
  /** The prompt dialect of the current engine's model (catalog data; see dialects.ts). */
  dialect = $state.raw<ModelDialect | undefined>();
  /** Text waiting in the composer (e.g. a replay's prompt without autorun). */
  draft = $state('');
  /** The composer's placeholder when someone chose one (a widget host); '' for the default. */
  composerPlaceholder = $state('');
  /** A model someone asked for (a widget host's `model`), loaded when already cached; '' for none. */
  requestedModel = $state('');
  conversation = $state<ConversationState>(new ConversationState());
  readonly settings = new SettingsState();
  readonly chats: ChatsState;
  readonly files: FilesState;
  /** The Models panel's state over the local-model owner; the app's engine follows its loads. */
  readonly models: ModelsState;
  /** "Use a model server": the app chats with its engine once one is chosen (or saved). */
  readonly endpoint: EndpointState;
  /** The Evaluate flow (in the Models panel) over this app's engine. */
  readonly evaluation = new EvalState({
    engine: () => (this.engine ? { engine: this.engine, dialect: this.dialect } : null),
    busy: () => this.busy,
  });

  #store: ConversationStore | undefined;
  #db: Awaited<ReturnType<typeof openAppDB>> | undefined;
  #agent: Agent | undefined;
  #agentFor: { conv: string; engine: LLMEngine } | undefined;
  #abort: AbortController | undefined;
  #pythonReady: Promise<PythonPort> | undefined;
  #decorators: AgentDecorator[] = [];
  #engineKey = '';

  /**
   * `localModels`: the owner of on-device models (tests pass one with a fake worker);
   * `endpoint`: options for the model-server state (tests pass a fake network).
   */
  constructor(
    readonly services: Services,
    localModels?: LocalModels,
    endpoint: Omit<EndpointStateOptions, 'onEngine'> = {},
  ) {
    this.models = new ModelsState(localModels, {
      onEngine: (engine, model) => {
        if (engine) this.setEngine(engine, model);
        // A lost model keeps its engine, whose chat says what happened and how to reload.
        else if (this.models.local.isLocalEngine(this.engine) && !this.models.lost)
          this.engine = null;
      },
    });
    // A model server chosen in Models ("Use a model server") or given by a widget host.
    this.endpoint = new EndpointState({
      ...endpoint,
      onEngine: (engine) => this.setEngine(engine, engine.dialect.dialect),
    });
    this.chats = new ChatsState(() => this.#store);
    this.files = new FilesState(() => this.startPython());
    services.python.onStatus((s) => (this.pythonStatus = s));
    services.python.onProgress?.((p) => (this.pythonProgress = p.message));
    services.python.onPackages?.((l) => (this.packageText = packageStatus(l)));
  }

  get busy(): boolean {
    return this.status === 'generating' || this.status === 'running' || this.status === 'loading';
  }

  async init(): Promise<void> {
    try {
      this.#db = await openAppDB();
      this.#store = new ConversationStore(this.#db);
      this.settings.assign(await loadSettings(this.#db));
      await this.chats.refresh();
      const latest = this.chats.list[0];
      if (latest) await this.openChat(latest.id);
    } catch (e) {
      this.chats.error = `Browser storage is unavailable, nothing will be saved: ${message(e)}`;
    }
  }

  async saveSettings(): Promise<void> {
    if (this.#db)
      await saveSettings(this.#db, this.settings.toJSON()).catch(
        (e) => (this.chats.error = message(e)),
      );
    await this.services.python.setAllowNetwork(this.settings.allowNetwork);
    this.#agentFor = undefined; // budgets and temperature apply from the next message
  }

  startPython(): Promise<PythonPort> {
    const py = this.services.python;
    this.#pythonReady ??= py.start().then(async (info) => {
      this.pythonVersion = `Python ${info.pythonVersion} (Pyodide ${info.version})`;
      this.pythonSandbox = info.sandbox ?? null;
      await py.setAllowNetwork(this.settings.allowNetwork);
      if (this.settings.preloadPackages) void py.preloadPackages?.().catch(() => {});
      py.onFilesChanged?.(() => void this.files.refresh());
      return py;
    });
    this.#pythonReady.catch((e) => {
      this.#pythonReady = undefined;
      this.#fail(`Python did not start: ${message(e)}`);
    });
    return this.#pythonReady;
  }

  /**
   * The extension point for agents: every agent the app makes from now on goes through
   * `decorator` (applied in registration order, around services.createAgent).
   */
  decorateAgents(decorator: AgentDecorator): void {
    this.#decorators.push(decorator);
    this.#agentFor = undefined;
  }

  /**
   * Use this engine. `model` is the loaded catalog model (its dialect is catalog data); a plain
   * dialect forces the prompt style; without either the engine's series or model id decides.
   */
  setEngine(engine: LLMEngine, model?: PromptDialect | DialectSource): void {
    const source: DialectSource =
      typeof model === 'object'
        ? model
        : { id: engine.modelId, series: engine.series, ...(model ? { dialect: model } : {}) };
    const dialect = dialectFor(source);
    const key = `${engine.modelId}|${JSON.stringify(dialect)}`;
    // One engine object serves every WebLLM model: a new model id is a new engine for the agent.
    if (this.engine === engine && this.#engineKey === key) return;
    this.#engineKey = key;
    this.engine = engine;
    this.dialect = dialect;
    this.#agentFor = undefined;
    this.conversation.engineLabel = engine.label;
  }

  /** The conversation's thinking switch: applies from its next message. */
  setThinking(on: boolean): void {
    this.conversation.thinking = on;
    void this.chats.save(this.conversation);
  }

  /** Whether the conversation's thinking switch applies to the current model. */
  get thinkingSwitch(): boolean {
    return !!this.dialect && hasThinkingSwitch(this.dialect);
  }

  async #agentReady(): Promise<Agent> {
    const engine = this.engine;
    if (!engine) throw new Error('No model is loaded. Load one in Models, or run a demo.');
    const conv = this.conversation;
    if (this.#agent && this.#agentFor?.conv === conv.id && this.#agentFor.engine === engine)
      return this.#agent;
    const python = await this.startPython();
    await python.useNamespace?.(conv.id);
    const dialect = this.dialect ?? dialectFor({ id: engine.modelId, series: engine.series });
    const create = this.#decorators.reduce<CreateAgent>(
      (inner, decorate) => decorate(inner),
      (config) => this.services.createAgent(config),
    );
    const agent = await create({
      engine,
      runner: python,
      dialect: dialect.prompt,
      endTokens: dialect.endTokens,
      ...(dialect.reasoning ? { reasoning: dialect.reasoning } : {}),
      workspaceSummary: async (budget) =>
        summarizeWorkspace(
          {
            listFiles: async () => toWorkspaceFiles(await python.listFiles()),
            readFile: (path) => python.readFile(path),
          },
          budget,
        ),
      maxSteps: this.settings.maxSteps,
      maxTokens: this.settings.maxReplyTokens,
      timeoutMs: this.settings.timeoutSec * 1000,
      temperature: this.settings.temperature,
      online: this.settings.allowNetwork,
    });
    if (conv.history.length) agent.load(conv.history);
    this.#agent = agent;
    this.#agentFor = { conv: conv.id, engine };
    return agent;
  }

  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || this.busy || this.#evaluating()) return;
    const conv = this.conversation;
    conv.addUserMessage(trimmed);
    this.draft = '';
    await this.#drive(conv, (agent, opts) => agent.send(trimmed, opts));
  }

  async regenerate(): Promise<void> {
    if (this.busy || this.#evaluating()) return;
    const conv = this.conversation;
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
      conv.engineLabel = this.engine?.label;
      await this.chats.save(conv);
      await step(agent, {
        signal: abort.signal,
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
        this.#fail(message(e));
      }
    } finally {
      await this.#settle(conv);
    }
  }

  /** After a turn or a manual run, however it ended: keep the history, save, list the files. */
  async #settle(conv: ConversationState): Promise<void> {
    this.#abort = undefined;
    if (this.#agent) conv.history = [...this.#agent.messages];
    await this.chats.save(conv);
    void this.files.refresh();
  }

  #onEvent(conv: ConversationState, agent: Agent, ev: AgentEvent): void {
    if (ev.type === 'turn-start') conv.lastRequest = [...agent.messages];
    if (ev.type === 'turn-start' || ev.type === 'text-delta') this.status = 'generating';
    if (ev.type === 'run-start') this.status = 'running';
    if (ev.type === 'run-end') {
      this.status = 'generating';
      void this.files.refresh();
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
      };
    }
    if (ev.type === 'error') this.#fail(ev.message);
    if (conv.apply(ev)) {
      conv.history = [...agent.messages];
      void this.chats.save(conv);
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
    const conv = this.conversation;
    const cell = conv.addManualCell(code);
    this.status = 'running';
    const abort = (this.#abort = new AbortController());
    try {
      const py = await this.startPython();
      await py.useNamespace?.(conv.id); // this conversation's variables, with or without a model
      const result = await py.run(code, {
        signal: abort.signal,
        timeoutMs: this.settings.timeoutSec * 1000,
        onOutput: (o) => appendOutput(cell.outputs, o),
      });
      applyResult(cell, result);
      if (this.engine) (await this.#agentReady()).recordManualRun(code, result);
      this.status = 'idle';
    } catch (e) {
      cell.status = 'error';
      cell.error = { ename: 'Error', evalue: message(e), traceback: message(e) };
      this.#fail(message(e));
    } finally {
      await this.#settle(conv);
    }
  }

  newChat(): void {
    if (this.busy) this.stop();
    this.conversation = new ConversationState();
    this.#agentFor = undefined;
    void this.engine?.newConversation();
  }

  async openChat(id: string): Promise<void> {
    if (this.busy) this.stop();
    const conv = await this.chats.open(id);
    if (conv) {
      this.conversation = conv;
      this.#agentFor = undefined;
    }
  }

  async deleteChat(id: string): Promise<void> {
    await this.chats.remove(id);
    if (this.conversation.id === id) this.newChat();
  }

  async importJson(text: string): Promise<void> {
    this.conversation = await this.chats.importJson(text);
    this.#agentFor = undefined;
  }

  /** An evaluation is using the engine: the chat waits rather than interleave with it. */
  #evaluating(): boolean {
    if (!this.evaluation.running) return false;
    this.conversation.addNotice(
      'An evaluation is using the model: wait, or stop it in Models → Evaluate.',
    );
    return true;
  }

  #fail(detail: string): void {
    this.status = 'error';
    this.statusDetail = detail;
  }
}
