// The app's one state root: which conversation is open, the engine and its dialect, Python, and
// the parts that hang off it (the chat session that drives the conversation, chats, files, models,
// the model server, Evaluate). Components call these methods and render the state.
import type { PromptDialect } from '../../agent/api';
import { dialectForEngine } from '../../agent/agent-setup';
import {
  hasThinkingSwitch,
  type DialectSource,
  type ExpectedRun,
  type LLMEngine,
  type LocalModels,
  type ModelDialect,
} from '../../engine';
import type { RuntimeStatus } from '../../runtime/types';
import { ConversationStore } from '../../storage/conversations';
import { openAppDB } from '../../storage/db';
import { onStorageRefused } from '../../storage/guarded';
import { loadSettings, saveSettings } from '../../storage/settings';
import { ChatsState } from './chats.svelte';
import { replayMismatch } from './replay-check';
import { ChatSession, type AgentDecorator, type AppStatus } from './chat-session.svelte';
import { ConversationState } from './conversation.svelte';
import { FilesState, message } from './files.svelte';
import { packageStatus } from './python-status';
import type { SandboxInfo } from '../../../workers/contracts/python';
import type { PythonPort, Services } from './ports';
import { SettingsState } from './settings.svelte';
import { ModelsState } from '../models/models.svelte';
import { EndpointState, type EndpointStateOptions } from '../models/endpoint.svelte';
import { EvalState } from '../eval/eval.svelte';

export type { AgentDecorator, AppStatus, TurnStats } from './chat-session.svelte';

export class AppState {
  pythonStatus = $state<RuntimeStatus>('idle');
  pythonVersion = $state('');
  /** Start-up step shown while Python starts ("Loading packages…"). */
  pythonProgress = $state('');
  /** How Python's network lock is enforced (from the worker's own check), once started. */
  pythonSandbox = $state<SandboxInfo | null>(null);
  /** Packages loading right now, per package with its MB ("Loading packages: numpy 3.1 MB…"). */
  packageText = $state('');
  engine = $state.raw<LLMEngine | null>(null);
  /** The prompt dialect of the current engine's model (catalog data; see dialects.ts). */
  dialect = $state.raw<ModelDialect | undefined>();
  /** Text waiting in the composer (e.g. a replay's prompt without autorun). */
  draft = $state('');
  /** The composer's placeholder when someone chose one (a widget host); '' for the default. */
  composerPlaceholder = $state('');
  /** Widget mode: the host page drives the chat, so a replay it chose never ends as a demo. */
  hostDriven = $state(false);
  /** A model someone asked for (a widget host's `model`), loaded when already cached; '' for none. */
  requestedModel = $state('');
  conversation = $state<ConversationState>(new ConversationState());
  /** Set when the browser refuses storage here: nothing is kept after this visit (a banner). */
  storageNotice = $state('');
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
  /** Drives the open conversation with the engine's agent (send, regenerate, run a cell, stop). */
  readonly chat: ChatSession = new ChatSession(this);
  #pythonReady: Promise<PythonPort> | undefined;
  #engineKey = '';
  /** The model or server the user chose, kept while a demo's replay engine plays: a demo lends
   *  the chat its script, and when the script is over (or another chat opens) this comes back. */
  #chosen: { engine: LLMEngine; model?: PromptDialect | DialectSource } | null = null;
  /** What the playing demo's recording printed, to check the live run against. */
  #demoExpected: ExpectedRun[] | undefined;

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
        if (!engine && this.models.local.isLocalEngine(this.#chosen?.engine) && !this.models.lost)
          this.#chosen = null;
      },
    });
    // A model server chosen in Models ("Use a model server") or given by a widget host.
    this.endpoint = new EndpointState({
      ...endpoint,
      onEngine: (engine) => this.setEngine(engine, engine.dialect.dialect),
    });
    this.chats = new ChatsState(() => this.#store);
    this.files = new FilesState(() => this.startPython());
    onStorageRefused((notice) => (this.storageNotice = notice));
    services.python.onStatus((s) => (this.pythonStatus = s));
    services.python.onProgress?.((p) => (this.pythonProgress = p.message));
    services.python.onPackages?.((l) => (this.packageText = packageStatus(l)));
  }

  get busy(): boolean {
    return this.chat.busy;
  }
  /** What the status line shows of the chat's work (and of Python failing to start). */
  get status(): AppStatus {
    return this.chat.status;
  }
  get statusDetail(): string {
    return this.chat.statusDetail;
  }
  get turnStats() {
    return this.chat.turnStats;
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
      // A refused storage has its own banner (storageNotice); anything else is said here.
      if (!this.storageNotice)
        this.chats.error = `Browser storage is unavailable, nothing will be saved: ${message(e)}`;
    }
  }

  async saveSettings(): Promise<void> {
    if (this.#db)
      await saveSettings(this.#db, this.settings.toJSON()).catch(
        (e) => (this.chats.error = message(e)),
      );
    await this.services.python.setAllowNetwork(this.settings.allowNetwork);
    this.chat.forgetAgent(); // budgets and temperature apply from the next message
  }

  startPython(): Promise<PythonPort> {
    const py = this.services.python;
    this.#pythonReady ??= py.start().then(async (info) => {
      this.pythonVersion = `Python ${info.pythonVersion} (Pyodide ${info.version})`;
      this.pythonSandbox = info.sandbox ?? null;
      await py.setAllowNetwork(this.settings.allowNetwork);
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
    this.chat.decorateAgents(decorator);
  }

  /**
   * Use this engine. `model` is the loaded catalog model (its dialect is catalog data); a plain
   * dialect forces the prompt style; without either the engine's series or model id decides.
   */
  setEngine(engine: LLMEngine, model?: PromptDialect | DialectSource): void {
    if (engine.kind !== 'replay') {
      this.#chosen = { engine, ...(model ? { model } : {}) };
      // A demo that is playing keeps its script; the chosen engine takes over when it ends.
      if (this.engine?.kind === 'replay' && this.busy) return;
    }
    const dialect = dialectForEngine(engine, model);
    const key = `${engine.modelId}|${JSON.stringify(dialect)}`;
    // One engine object serves every WebLLM model: a new model id is a new engine for the agent.
    if (this.engine === engine && this.#engineKey === key) return;
    this.#engineKey = key;
    this.engine = engine;
    this.dialect = dialect;
    this.chat.forgetAgent();
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

  send(text: string): Promise<void> {
    return this.chat.send(text);
  }

  regenerate(): Promise<void> {
    return this.chat.regenerate();
  }

  /** The one way to stop what the chat runs (a turn, a run, a manual run). */
  stop(): void {
    this.chat.stop();
  }

  /** Run a (possibly edited) cell by hand; the result is the next turn's observation. */
  runCell(code: string): Promise<void> {
    return this.chat.runCell(code);
  }

  newChat(): void {
    if (this.busy) this.stop();
    this.conversation = new ConversationState();
    this.chat.forgetAgent();
    this.#leaveDemo(); // a new chat never inherits a demo's script
    void this.engine?.newConversation();
  }

  async openChat(id: string): Promise<void> {
    if (this.busy) this.stop();
    const conv = await this.chats.open(id);
    if (conv) {
      this.conversation = conv;
      this.chat.forgetAgent();
      this.#leaveDemo();
    }
  }

  /** Plays a scripted demo in a new conversation: its replay engine answers until the script
   *  is over; `expected` is what the recording's code printed (checked against this run). */
  startDemo(engine: LLMEngine, title: string, expected?: ExpectedRun[]): void {
    this.newChat();
    this.setEngine(engine);
    this.conversation.demo = { title, ended: false };
    this.#demoExpected = expected;
  }

  /** The chat session's turn is over, however it ended. After a demo's turn its script has
   *  nothing more to say: the recorded answer is flagged when the live code did not do what the
   *  recording saw, and the model or server the user chose (if any) takes over the chat. */
  turnEnded(conv: ConversationState): void {
    // Only a demo ends: a widget host's replay keeps answering the prompts its host sends.
    if (this.hostDriven || !conv.demo || this.engine?.kind !== 'replay') return;
    if (conv !== this.conversation) return;
    conv.demo.ended = true;
    const why = this.#demoExpected && replayMismatch(conv.actionCells, this.#demoExpected);
    if (why) conv.flagFinalAnswer(why);
    this.#leaveDemo();
  }

  /** Back from a demo's replay engine to the chosen model or server, or to none. */
  #leaveDemo(): void {
    this.#demoExpected = undefined;
    if (this.engine?.kind !== 'replay') return;
    const chosen = this.#chosen;
    if (chosen) this.setEngine(chosen.engine, chosen.model);
    else {
      this.engine = null;
      this.dialect = undefined;
      this.#engineKey = '';
      this.chat.forgetAgent();
    }
  }

  async deleteChat(id: string): Promise<void> {
    await this.chats.remove(id);
    if (this.conversation.id === id) this.newChat();
  }

  async importJson(text: string): Promise<void> {
    this.conversation = await this.chats.importJson(text);
    this.chat.forgetAgent();
  }

  #fail(detail: string): void {
    this.chat.fail(detail);
  }
}
