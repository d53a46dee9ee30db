// The postMessage protocol between a host page and the widget iframe. Every message
// crossing the frame boundary is untrusted input on both sides: it is parsed by the
// `parse*` functions below (shape checks, size limits) before anything acts on it, and
// anything that does not parse is ignored.

export const CHANNEL = 'codeact-embed';
export const PROTOCOL_VERSION = 1;

/** What a host can ask the widget to do (one request, one response). */
export interface HostRequests {
  /** Sent by the client on creation; the widget answers with its `ready` info. */
  hello: { params: Record<string, never>; result: ReadyInfo };
  writeFile: { params: { path: string; data: string | ArrayBuffer }; result: { path: string } };
  /** Resolves when the agent has finished this prompt; events stream meanwhile. */
  ask: { params: { prompt: string }; result: { final: string | null } };
  getTranscript: { params: Record<string, never>; result: { messages: TranscriptMessage[] } };
  registerPythonTool: { params: ToolSpec & { source: string }; result: { name: string } };
  /** A tool the host implements in JavaScript; Python calls it with `await name(...)`. */
  registerJsTool: { params: ToolSpec; result: { name: string } };
  configure: { params: WidgetSettings; result: WidgetSettings };
  /**
   * Chat with the user's own OpenAI-compatible server. The key travels only host → widget,
   * is kept in the widget's memory, and is never sent back (the result has no key).
   */
  setEndpoint: { params: EndpointParams; result: { url: string; model: string } };
}

export interface EndpointParams {
  /** Base URL of the server's OpenAI API, e.g. http://localhost:11434/v1. */
  url: string;
  model: string;
  apiKey?: string;
}
export type HostMethod = keyof HostRequests;

export interface ToolSpec {
  /** A Python identifier. */
  name: string;
  /** Python parameter list, e.g. "(city: str, year: int = 2024)". */
  signature: string;
  returns: string;
  description: string;
}

export interface WidgetSettings {
  model?: string;
  placeholder?: string;
  theme?: 'light' | 'dark' | 'auto';
  /** A model server to chat with (attributes `endpoint-url` and `endpoint-model`; no key). */
  endpointUrl?: string;
  endpointModel?: string;
}

export interface ReadyInfo {
  protocol: number;
  /** True when the widget is cross-origin isolated (interrupts without restarting Python). */
  crossOriginIsolated: boolean;
}

export interface TranscriptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What the host sees of the agent's progress (a stable subset of the agent's events). */
export type WidgetEvent =
  | { type: 'message'; role: 'user' | 'assistant'; content: string }
  | { type: 'code'; code: string }
  | { type: 'output'; stream: 'stdout' | 'stderr' | 'display'; text: string }
  | { type: 'final'; content: string }
  | { type: 'error'; message: string };

export type HostMessage =
  | { channel: typeof CHANNEL; kind: 'request'; id: string; method: HostMethod; params: unknown }
  | { channel: typeof CHANNEL; kind: 'tool-result'; callId: string; ok: true; value: string }
  | { channel: typeof CHANNEL; kind: 'tool-result'; callId: string; ok: false; error: string };

export type WidgetMessage =
  | { channel: typeof CHANNEL; kind: 'ready'; info: ReadyInfo }
  | { channel: typeof CHANNEL; kind: 'response'; id: string; ok: true; result: unknown }
  | { channel: typeof CHANNEL; kind: 'response'; id: string; ok: false; error: string }
  | { channel: typeof CHANNEL; kind: 'event'; event: WidgetEvent }
  /** `args` is a JSON object of the call's named arguments. */
  | { channel: typeof CHANNEL; kind: 'tool-call'; callId: string; name: string; args: string };

export const HOST_METHODS: readonly HostMethod[] = [
  'hello',
  'writeFile',
  'ask',
  'getTranscript',
  'registerPythonTool',
  'registerJsTool',
  'configure',
  'setEndpoint',
];

/** Caps that keep one message from flooding the other side. */
export const LIMITS = {
  id: 100,
  text: 1_000_000,
  fileBytes: 50 * 1024 * 1024,
  toolName: 64,
};
