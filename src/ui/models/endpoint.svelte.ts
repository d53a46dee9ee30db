// State of "Use a model server" in the Models panel: address, optional key, the models the
// server lists, the chosen one, and the engine the app chats with (handed to the app through
// `onEngine`; AppState owns the one instance as `app.endpoint`). A widget host can set an endpoint
// too (use()); that choice and its key stay in memory only.
import {
  BaseUrlError,
  browserProbeEnv,
  EndpointEngine,
  EndpointError,
  listModels,
  normalizeBaseUrl,
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
      case 'connected':
        return `Connected to ${e?.baseUrl}: ${this.models.length} model${this.models.length === 1 ? '' : 's'}. Chatting with ${e?.modelId} (${promptStyle(e?.dialect.dialect)}).`;
    }
  }

  /** Lists the server's models and starts chatting with the chosen (or first) one. */
  async connect(): Promise<void> {
    this.#connecting?.abort();
    const ctl = (this.#connecting = new AbortController());
    this.problem = undefined;
    try {
      const baseUrl = normalizeBaseUrl(this.url);
      this.url = baseUrl;
      this.status = 'connecting';
      const key = this.key.trim();
      if (this.#persist) {
        saveApiKey(key);
        this.keyStored = key !== '';
      }
      const models = await listModels(this.#connection(baseUrl, key), ctl.signal);
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
    this.url = baseUrl;
    if (apiKey !== undefined) this.key = apiKey;
    const model = this.models.find((m) => m.id === modelId) ?? { id: modelId };
    this.models = [model];
    this.#start(baseUrl, model, this.key.trim(), false);
    this.status = 'host';
    return { url: baseUrl, model: modelId };
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
    const engine = new EndpointEngine({ baseUrl, model, apiKey: key || undefined, env });
    this.engine = engine;
    if (remember) saveChoice({ url: baseUrl, model });
    this.#onEngine?.(engine);
  }
}

/** The prompt dialect in words a newcomer reads (the technical name stays in brackets). */
export const promptStyle = (dialect: string | undefined): string =>
  dialect === 'codeact'
    ? 'trained for code actions: CodeAct prompts'
    : 'a general chat model: standard prompts, code in fenced blocks';
