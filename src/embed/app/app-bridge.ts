// Runs inside the widget iframe (app started with ?embed=1): receives the host page's
// requests, checks their origin and shape, and drives the app through EmbedAppAdapter.
import type { AgentEventListener } from '../../agent/events';
import { errorMessage } from '../../errors/error-text';
import { checkTools } from '../../agent/tools';
import type { ChatMessage } from '../../engine';
import type { PythonTool } from '../../runtime/types';
import { toWidgetEvent } from './event-map';
import { HostToolRelay } from './host-tool-relay';
import { acceptFromHost, expectedEmbedderOrigin } from '../protocol/origins';
import {
  CHANNEL,
  PROTOCOL_VERSION,
  type EndpointParams,
  type HostMessage,
  type HostRequests,
  type WidgetSettings,
} from '../protocol/protocol';
import { BadParamsError } from '../protocol/schema';
import { parseHostMessage, parseParams } from '../protocol/validate';

/** What the bridge needs from the app; the app implements it (see app-adapter.ts). */
export interface EmbedAppAdapter {
  /** Put a file into /workspace (persisted like a user upload). */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Send a user message; resolves when the agent's turn is over (final answer, stop or error). */
  send(prompt: string): Promise<void>;
  onAgentEvent(listener: AgentEventListener): () => void;
  /** The conversation so far, as the model sees it. */
  transcript(): readonly ChatMessage[];
  /** Tools registered by the host (the full set each time): define them in Python and tell the model. */
  setHostTools(tools: PythonTool[]): Promise<void>;
  /** Model, composer placeholder, theme, model server. Returns the settings now in force. */
  configure(settings: WidgetSettings): WidgetSettings;
  /** Chat with this model server (the key stays in the widget); returns it without the key. */
  setEndpoint?(endpoint: EndpointParams): { url: string; model: string };
  /** Settles when the app can take requests (storage opened, engine chosen); default: at once. */
  whenReady?(): Promise<void>;
}

export interface EmbedBridge {
  /** The embedding page's origin, or null when it is unknown (then nothing is accepted). */
  readonly hostOrigin: string | null;
  stop(): void;
}

export interface BridgeEnv {
  win: Window;
  /** Defaults to the current page's URL, ancestorOrigins and referrer. */
  hostOrigin?: string | null;
}

function embedderFromPage(win: Window): string | null {
  return expectedEmbedderOrigin({
    hostParam: new URL(win.location.href).searchParams.get('host'),
    ancestorOrigin: win.location.ancestorOrigins?.[0] ?? null,
    referrer: win.document.referrer,
  });
}

export function startEmbedBridge(
  app: EmbedAppAdapter,
  env: BridgeEnv = { win: window },
): EmbedBridge {
  const { win } = env;
  const hostOrigin = env.hostOrigin !== undefined ? env.hostOrigin : embedderFromPage(win);
  const parent = win.parent;
  const post = (msg: object) => {
    if (hostOrigin) parent.postMessage({ channel: CHANNEL, ...msg }, hostOrigin);
  };
  const relay = new HostToolRelay((callId, name, args) =>
    post({ kind: 'tool-call', callId, name, args }),
  );
  const tools = new Map<string, PythonTool>();
  let asking: Promise<unknown> = Promise.resolve();
  let lastFinal: string | null = null;

  const unsubscribe = app.onAgentEvent((e) => {
    if (e.type === 'final') lastFinal = e.content;
    const event = toWidgetEvent(e);
    if (event) post({ kind: 'event', event });
  });

  const handlers: {
    [M in keyof HostRequests]: (p: HostRequests[M]['params']) => Promise<HostRequests[M]['result']>;
  } = {
    hello: async () => {
      await appReady;
      return readyInfo();
    },
    writeFile: async ({ path, data }) => {
      await app.writeFile(path, typeof data === 'string' ? data : new Uint8Array(data));
      return { path };
    },
    ask: ({ prompt }) => {
      // One prompt at a time, in the order the host sent them.
      const turn = asking.then(async () => {
        lastFinal = null;
        post({ kind: 'event', event: { type: 'message', role: 'user', content: prompt } });
        await app.send(prompt);
        return { final: lastFinal };
      });
      asking = turn.catch(() => {});
      return turn;
    },
    getTranscript: async () => ({
      messages: app.transcript().map(({ role, content }) => ({ role, content })),
    }),
    registerPythonTool: async (tool) => {
      tools.set(tool.name, checkTool(tool));
      await app.setHostTools([...tools.values()]);
      return { name: tool.name };
    },
    registerJsTool: async (spec) => {
      tools.set(spec.name, checkTool(relay.register(spec)));
      await app.setHostTools([...tools.values()]);
      return { name: spec.name };
    },
    configure: async (settings) => app.configure(settings),
    setEndpoint: async (endpoint) => {
      if (!app.setEndpoint) throw new Error('This widget cannot use a model server.');
      const { url, model } = app.setEndpoint(endpoint);
      return { url, model };
    },
  };

  async function answer(msg: Extract<HostMessage, { kind: 'request' }>): Promise<void> {
    try {
      const params = parseParams(msg.method, msg.params);
      const handler = handlers[msg.method] as (p: unknown) => Promise<unknown>;
      post({ kind: 'response', id: msg.id, ok: true, result: await handler(params) });
    } catch (e) {
      const error = e instanceof BadParamsError ? `${msg.method}: ${e.message}` : errorMessage(e);
      post({ kind: 'response', id: msg.id, ok: false, error });
    }
  }

  const onMessage = (ev: MessageEvent) => {
    if (!acceptFromHost(ev, parent, hostOrigin)) return;
    const msg = parseHostMessage(ev.data);
    if (!msg) return;
    if (msg.kind === 'request') void answer(msg);
    else relay.settle(msg.callId, msg.ok, msg.ok ? msg.value : msg.error);
  };

  win.addEventListener('message', onMessage);
  // The host's client sends nothing else before `ready` (or the answer to its `hello`).
  const appReady = (app.whenReady?.() ?? Promise.resolve()).catch(() => {});
  void appReady.then(() => post({ kind: 'ready', info: readyInfo() }));
  return {
    hostOrigin,
    stop() {
      win.removeEventListener('message', onMessage);
      unsubscribe();
      relay.dispose();
    },
  };
}

/** The agent's own tool checks, at registration time, as an error for the host. */
function checkTool(tool: PythonTool): PythonTool {
  try {
    return checkTools([tool])[0]!;
  } catch (e) {
    throw new BadParamsError(errorMessage(e));
  }
}

function readyInfo() {
  return {
    protocol: PROTOCOL_VERSION,
    crossOriginIsolated: typeof crossOriginIsolated === 'boolean' && crossOriginIsolated,
  };
}
