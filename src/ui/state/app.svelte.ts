// The app: which conversation is open, the engine and agent, Python, and what the status line
// shows. Components call these methods and render the state; they hold no logic of their own.
import type { Agent, PromptDialect } from '../../agent/api';
import type { AgentEvent } from '../../agent/events';
import type { LLMEngine } from '../../engine/engines/types';
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
import type { PythonPort, Services } from './ports';
import { SettingsState } from './settings.svelte';

export type AppStatus = 'idle' | 'loading' | 'generating' | 'running' | 'error';

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
  tokensPerSec = $state<number | null>(null);
  contextUsed = $state<{ tokens: number; window: number } | null>(null);
  /** Text waiting in the composer (e.g. a replay's prompt without autorun). */
  draft = $state('');
  conversation = $state<ConversationState>(new ConversationState());
  readonly settings = new SettingsState();
  readonly chats: ChatsState;
  readonly files: FilesState;

  #store: ConversationStore | undefined;
  #db: Awaited<ReturnType<typeof openAppDB>> | undefined;
  #agent: Agent | undefined;
  #agentFor: { conv: string; engine: LLMEngine } | undefined;
  #abort: AbortController | undefined;
  #pythonReady: Promise<PythonPort> | undefined;
  #dialect: PromptDialect | undefined;

  constructor(readonly services: Services) {
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

  setEngine(engine: LLMEngine, dialect?: PromptDialect): void {
    if (this.engine === engine && this.#dialect === dialect) return;
    this.engine = engine;
    this.#dialect = dialect;
    this.#agentFor = undefined;
    this.conversation.engineLabel = engine.label;
  }

  async #agentReady(): Promise<Agent> {
    const engine = this.engine;
    if (!engine) throw new Error('No model is loaded. Load one in Models, or run a demo.');
    const conv = this.conversation;
    if (this.#agent && this.#agentFor?.conv === conv.id && this.#agentFor.engine === engine)
      return this.#agent;
    const python = await this.startPython();
    await python.useNamespace?.(conv.id);
    const agent = await this.services.createAgent({
      engine,
      runner: python,
      dialect:
        this.#dialect ??
        (engine.kind === 'webllm' && !/codeact/i.test(engine.modelId) ? 'generic' : 'codeact'),
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
    if (!trimmed || this.busy) return;
    const conv = this.conversation;
    conv.addUserMessage(trimmed);
    this.draft = '';
    await this.#drive(conv, (agent, opts) => agent.send(trimmed, opts));
  }

  async regenerate(): Promise<void> {
    if (this.busy) return;
    const conv = this.conversation;
    conv.dropLastReply();
    await this.#drive(conv, (agent, opts) => agent.regenerate(opts));
  }

  async #drive(
    conv: ConversationState,
    step: (
      agent: Agent,
      opts: { signal: AbortSignal; onEvent: (e: AgentEvent) => void },
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
      this.#abort = undefined;
      if (this.#agent) conv.history = [...this.#agent.messages];
      await this.chats.save(conv);
      void this.files.refresh();
    }
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
      this.tokensPerSec = ev.usage.decodeTokensPerSec ?? null;
      this.contextUsed = { tokens: ev.contextTokens, window: ev.contextWindow };
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
      this.#abort = undefined;
      if (this.#agent) conv.history = [...this.#agent.messages];
      await this.chats.save(conv);
      void this.files.refresh();
    }
  }

  newChat(): void {
    if (this.busy) this.stop();
    this.conversation = new ConversationState();
    this.#agentFor = undefined;
    (this.engine as { reset?: () => void } | null)?.reset?.();
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

  #fail(detail: string): void {
    this.status = 'error';
    this.statusDetail = detail;
  }
}
