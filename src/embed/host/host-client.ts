// The host page's typed client for one widget iframe. It talks only to that iframe's
// window, posts only to the widget's origin, and ignores every message that is not a
// well-formed widget message from that window and origin.
import { acceptFromWidget, originOf } from '../protocol/origins';
import {
  CHANNEL,
  type EndpointParams,
  type HostMethod,
  type HostRequests,
  type ReadyInfo,
  type ToolSpec,
  type WidgetEvent,
  type WidgetMessage,
  type WidgetSettings,
} from '../protocol/protocol';
import { parseWidgetMessage } from '../protocol/validate';

/** A JavaScript tool: receives the call's named arguments, returns JSON-serialisable data. */
export type JsToolImpl = (args: Record<string, unknown>) => unknown;
export type WidgetEventType = WidgetEvent['type'];
type Listener = (event: WidgetEvent) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class CodeActWidgetClient {
  readonly widgetOrigin: string;
  #frame: HTMLIFrameElement;
  #nextId = 1;
  #pending = new Map<string, Pending>();
  #listeners = new Map<WidgetEventType | '*', Set<Listener>>();
  #tools = new Map<string, JsToolImpl>();
  #ready: Promise<ReadyInfo>;
  #markReady!: (info: ReadyInfo) => void;
  #isReady = false;
  #onMessage = (ev: MessageEvent) => this.#receive(ev);
  #onLoad = () => this.#hello();

  constructor(frame: HTMLIFrameElement, opts: { widgetOrigin?: string } = {}) {
    const origin = opts.widgetOrigin ?? originOf(frame.src, document.baseURI);
    if (!origin) throw new Error(`The widget iframe needs an http(s) src (got "${frame.src}").`);
    this.widgetOrigin = origin;
    this.#frame = frame;
    this.#ready = new Promise((r) => (this.#markReady = r));
    window.addEventListener('message', this.#onMessage);
    frame.addEventListener('load', this.#onLoad);
    this.#hello();
  }

  /** Resolves once the widget app has started and answered. */
  ready(): Promise<ReadyInfo> {
    return this.#ready;
  }

  on(type: WidgetEventType | '*', listener: Listener): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Put a file into the agent's /workspace (text, bytes or a Blob/File). */
  async writeFile(path: string, data: string | ArrayBuffer | Uint8Array | Blob) {
    let payload: string | ArrayBuffer;
    if (typeof data === 'string' || data instanceof ArrayBuffer) payload = data;
    else if (data instanceof Uint8Array) payload = data.slice().buffer;
    else payload = await data.arrayBuffer();
    return this.#request('writeFile', { path, data: payload });
  }

  /** Ask the agent; resolves with the final answer (null if it stopped without one). */
  ask(prompt: string) {
    return this.#request('ask', { prompt });
  }

  async getTranscript() {
    return (await this.#request('getTranscript', {})).messages;
  }

  registerPythonTool(tool: ToolSpec & { source: string }) {
    return this.#request('registerPythonTool', tool);
  }

  /** Register a tool implemented here; the agent's Python calls it as `await name(...)`. */
  async registerJsTool(spec: ToolSpec, impl: JsToolImpl) {
    this.#tools.set(spec.name, impl);
    return this.#request('registerJsTool', spec);
  }

  configure(settings: WidgetSettings) {
    return this.#request('configure', settings);
  }

  /**
   * Chat with the user's own OpenAI-compatible server (Ollama, vLLM…). The key, if any, is
   * sent to the widget only; it never comes back in a response, event or transcript.
   */
  setEndpoint(endpoint: EndpointParams) {
    return this.#request('setEndpoint', endpoint);
  }

  dispose(): void {
    window.removeEventListener('message', this.#onMessage);
    this.#frame.removeEventListener('load', this.#onLoad);
    for (const p of this.#pending.values()) p.reject(new Error('The widget client was disposed.'));
    this.#pending.clear();
  }

  #post(msg: object): void {
    // Never '*': if the frame navigated elsewhere, the browser drops the message.
    this.#frame.contentWindow?.postMessage({ channel: CHANNEL, ...msg }, this.widgetOrigin);
  }

  #hello(): void {
    if (this.#isReady) return;
    this.#post({ kind: 'request', id: 'hello', method: 'hello', params: {} });
  }

  async #request<M extends HostMethod>(
    method: M,
    params: HostRequests[M]['params'],
  ): Promise<HostRequests[M]['result']> {
    await this.#ready;
    const id = `r${this.#nextId++}`;
    const result = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#post({ kind: 'request', id, method, params });
    return result as Promise<HostRequests[M]['result']>;
  }

  #receive(ev: MessageEvent): void {
    if (!acceptFromWidget(ev, this.#frame.contentWindow, this.widgetOrigin)) return;
    const msg = parseWidgetMessage(ev.data);
    if (msg) this.#handle(msg);
  }

  #handle(msg: WidgetMessage): void {
    switch (msg.kind) {
      case 'ready':
        this.#isReady = true;
        this.#markReady(msg.info);
        return;
      case 'response': {
        if (msg.id === 'hello') {
          if (msg.ok)
            this.#handle({ channel: CHANNEL, kind: 'ready', info: msg.result as ReadyInfo });
          return;
        }
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.ok) p?.resolve(msg.result);
        else p?.reject(new Error(msg.error));
        return;
      }
      case 'event':
        for (const key of [msg.event.type, '*'] as const)
          for (const l of this.#listeners.get(key) ?? []) l(msg.event);
        return;
      case 'tool-call':
        void this.#callTool(msg.callId, msg.name, msg.args);
    }
  }

  async #callTool(callId: string, name: string, argsJson: string): Promise<void> {
    const impl = this.#tools.get(name);
    try {
      if (!impl)
        throw new Error(`No JavaScript tool named "${name}" is registered on the host page.`);
      const value = JSON.stringify(
        (await impl(JSON.parse(argsJson) as Record<string, unknown>)) ?? null,
      );
      this.#post({ kind: 'tool-result', callId, ok: true, value });
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.#post({ kind: 'tool-result', callId, ok: false, error });
    }
  }
}
