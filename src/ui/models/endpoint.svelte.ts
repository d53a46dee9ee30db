// State of "Use a model server" in the Models panel: address, optional key, the models the
// server lists, the chosen one, and the engine the app chats with (handed to the app through
// `onEngine`; AppState owns the one instance as `app.endpoint`). A widget host can set an endpoint
// too (use()); that choice and its key stay in memory only.
import {
  BaseUrlError,
  baseUrlNote,
  browserProbeEnv,
  DEFAULT_IDLE_TIMEOUT_MS,
  describeServer,
  EndpointEngine,
  EndpointError,
  listModels,
  normalizeBaseUrl,
  serverById,
  type ProbeEnv,
  type ServedModel,
} from '../../engine';
import { loadApiKey, loadChoice, saveApiKey, saveChoice } from './endpoint-storage';

export type EndpointStatus = 'idle' | 'connecting' | 'connected' | 'saved' | 'host' | 'error';

export interface EndpointProblem {
  code: string;
  title: string;
  message: string;
  detail: string;
}

function problemOf(e: unknown): EndpointProblem {
  if (e instanceof EndpointError)
    return { code: e.code, title: e.title, message: e.message, detail: e.detail };
  if (e instanceof BaseUrlError)
    return { code: 'bad-url', title: 'Not a server address', message: e.message, detail: '' };
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: 'unknown', title: 'Could not connect', message: text, detail: text };
}

export interface EndpointStateOptions {
  /** Remember the choice and key in localStorage (false in widget mode). */
  persist?: boolean;
  /** Browser facilities for the engine (tests inject their own). */
  env?: ProbeEnv;
  /** Called with each engine this state starts (a saved choice at construction, Connect, a pick). */
  onEngine?: (engine: EndpointEngine) => void;
}

export class EndpointState {
  url = $state('');
  /** The key field's value; stored (in this browser only) on Connect. */
  key = $state('');
  keyStored = $state(false);
  models = $state.raw<ServedModel[]>([]);
  modelId = $state('');
  status = $state<EndpointStatus>('idle');
  problem = $state.raw<EndpointProblem | undefined>();
  engine = $state.raw<EndpointEngine | undefined>();
  /** The engine's context window and where the figure comes from (it may learn a better one). */
  context = $state.raw<{ tokens: number; from: string } | undefined>();
  /** What was changed in the typed address (0.0.0.0 → 127.0.0.1), '' when nothing. */
  note = $state('');
  /** Give up a request when the server sends nothing for this many seconds. */
  idleSeconds = $state(DEFAULT_IDLE_TIMEOUT_MS / 1000);
  /** The context window the user says the server runs (0: as the server reports, or a default). */
  contextTokens = $state(0);
  readonly #persist: boolean;
  readonly #onEngine: ((engine: EndpointEngine) => void) | undefined;
  #env: ProbeEnv | undefined;
  #baseUrl = '';
  #connecting: AbortController | undefined;

  constructor(opts: EndpointStateOptions = {}) {
    this.#persist = opts.persist ?? true;
    this.#onEngine = opts.onEngine;
    this.#env = opts.env;
    if (!this.#persist) return;
    this.key = loadApiKey();
    this.keyStored = this.key !== '';
    const saved = loadChoice();
    if (saved?.idleSeconds) this.idleSeconds = saved.idleSeconds;
    if (saved?.contextTokens) this.contextTokens = saved.contextTokens;
    if (saved) {
      // The saved choice is used again without asking the server (no request on page load).
      this.url = saved.url;
      this.models = [saved.model];
      this.#start(saved.url, saved.model, this.key);
      this.status = 'saved';
    }
  }

  get statusText(): string {
    const e = this.engine;
    switch (this.status) {
      case 'idle':
        return 'Not connected to a model server.';
      case 'connecting':
        return `Connecting to ${this.url}…`;
      case 'error':
        return `${this.problem?.title}: ${this.problem?.message}`;
      case 'saved':
        return `Using ${e?.modelId} at ${e?.baseUrl} (saved choice; Connect asks the server again).`;
      case 'host':
        return `Using ${e?.modelId} at ${e?.baseUrl}, as set by the page that embeds this widget.`;
      case 'connected': {
        const server = serverById(e?.server)?.name;
        return `Connected to ${e?.baseUrl}${server ? ` (${server})` : ''}: ${this.models.length} model${this.models.length === 1 ? '' : 's'}. Chatting with ${e?.modelId} (${promptStyle(e?.dialect.dialect)}).`;
      }
    }
  }

  /** The context window the chat is fitted into, where the figure comes from, how to raise it. */
  get contextText(): string {
    const e = this.engine;
    const c = this.context;
    if (!e || !c) return '';
    return `Context window: ${c.tokens} tokens (${c.from}); every request is fitted into it. For more: ${e.contextAdvice}.`;
  }

  /** Lists the server's models and starts chatting with the chosen (or first) one. */
  async connect(): Promise<void> {
    this.#connecting?.abort();
    const ctl = (this.#connecting = new AbortController());
    this.problem = undefined;
    try {
      const baseUrl = normalizeBaseUrl(this.url);
      this.note = baseUrlNote(this.url);
      this.url = baseUrl;
      this.status = 'connecting';
      const key = this.key.trim();
      if (this.#persist) {
        saveApiKey(key);
        this.keyStored = key !== '';
      }
      const conn = this.#connection(baseUrl, key);
      const models = await describeServer(conn, await listModels(conn, ctl.signal), ctl.signal);
      if (ctl.signal.aborted) return;
      this.models = models;
      const model = models.find((m) => m.id === this.modelId) ?? models[0]!;
      this.#start(baseUrl, model, key);
      this.status = 'connected';
    } catch (e) {
      if (ctl.signal.aborted) return;
      this.problem = problemOf(e);
      this.status = 'error';
    }
  }

  /** Picks another of the listed models. */
  choose(id: string): void {
    const model = this.models.find((m) => m.id === id);
    if (model && this.#baseUrl) this.#start(this.#baseUrl, model, this.key.trim());
  }

  /** An endpoint named by a widget host: used as given, never stored. */
  use(url: string, modelId: string, apiKey?: string): { url: string; model: string } {
    const baseUrl = normalizeBaseUrl(url);
    this.note = baseUrlNote(url);
    this.url = baseUrl;
    if (apiKey !== undefined) this.key = apiKey;
    const model = this.models.find((m) => m.id === modelId) ?? { id: modelId };
    this.models = [model];
    this.#start(baseUrl, model, this.key.trim(), false);
    this.status = 'host';
    return { url: baseUrl, model: modelId };
  }

  /** A new idle limit (seconds), used from the next request. */
  setIdleSeconds(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 1) return;
    this.idleSeconds = Math.round(seconds);
    this.#restart();
  }

  /**
   * The context window the server runs, as the user knows it (for servers that do not report
   * it, e.g. llama-cpp-python's --n_ctx); 0 goes back to what the server reports.
   */
  setContextTokens(tokens: number): void {
    if (!Number.isFinite(tokens) || tokens < 0) return;
    this.contextTokens = Math.round(tokens);
    this.#restart();
  }

  #restart(): void {
    const model = this.models.find((m) => m.id === this.modelId);
    if (model && this.#baseUrl)
      this.#start(this.#baseUrl, model, this.key.trim(), this.status !== 'host' && this.#persist);
  }

  /** Removes the stored key; the engine goes on without one. */
  forgetKey(): void {
    this.key = '';
    if (this.#persist) saveApiKey('');
    this.keyStored = false;
    const model = this.models.find((m) => m.id === this.modelId);
    if (model && this.#baseUrl) this.#start(this.#baseUrl, model, '');
  }

  #connection(baseUrl: string, key: string) {
    return { baseUrl, apiKey: key || undefined, env: this.#engineEnv() };
  }

  #engineEnv(): ProbeEnv {
    return (this.#env ??= browserProbeEnv());
  }

  #start(baseUrl: string, model: ServedModel, key: string, remember = this.#persist): void {
    this.#baseUrl = baseUrl;
    this.modelId = model.id;
    const env = this.#engineEnv();
    const chosen =
      this.contextTokens > 0
        ? { ...model, contextWindow: this.contextTokens, contextFrom: 'set by you' }
        : model;
    const engine = new EndpointEngine({
      baseUrl,
      model: chosen,
      apiKey: key || undefined,
      env,
      idleTimeoutMs: this.idleSeconds * 1000,
      onContextChange: (tokens, from) => {
        if (this.engine === engine) this.context = { tokens, from };
      },
    });
    this.engine = engine;
    this.context = { tokens: engine.contextWindow, from: engine.contextFrom };
    if (remember)
      saveChoice({
        url: baseUrl,
        model,
        idleSeconds: this.idleSeconds,
        contextTokens: this.contextTokens,
      });
    this.#onEngine?.(engine);
  }
}

/** The prompt dialect in words a newcomer reads (the technical name stays in brackets). */
export const promptStyle = (dialect: string | undefined): string =>
  dialect === 'codeact'
    ? 'trained for code actions: CodeAct prompts'
    : 'a general chat model: standard prompts, code in fenced blocks';
