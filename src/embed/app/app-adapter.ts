// Widget mode (?embed=1) inside the app: implements EmbedAppAdapter over the app's state
// and starts the bridge. Typed structurally (WidgetHostApp), so it depends on the few
// members it uses of the UI's AppState, not on its module.
import type { AgentEvent, AgentEventListener } from '../../agent/events';
import type { ChatMessage } from '../../engine';
import { startEmbedBridge, type EmbedAppAdapter, type EmbedBridge } from './app-bridge';
import { HostToolSet, withHostTools, type CreateAgent } from './embed-agent';
import type { EndpointParams, WidgetSettings } from '../protocol/protocol';
import { loadRequestedModelWhenCached, type RequestedModelApp } from './requested-model.svelte';

/** Where a host-given model server goes (the Models panel's EndpointState has this). */
export interface EndpointSink {
  use(url: string, model: string, apiKey?: string): { url: string; model: string };
}

/** What widget mode uses of the app state (src/ui/state/app.svelte.ts AppState has these). */
export interface WidgetHostApp {
  /** The app's extension point for agents: widget mode wraps them to add the host's tools. */
  decorateAgents(decorator: (create: CreateAgent) => CreateAgent): void;
  /** Composer placeholder and requested model, as the host page configures them. */
  composerPlaceholder: string;
  requestedModel: string;
  /** A host page drives this chat: its replay keeps answering the host's prompts (no demo end). */
  hostDriven: boolean;
  readonly busy: boolean;
  /** 'error' with `statusDetail` when the last message failed before or inside the agent. */
  readonly status: string;
  readonly statusDetail: string;
  readonly conversation: { history: readonly ChatMessage[] };
  readonly settings: { theme: 'system' | 'light' | 'dark' };
  readonly files: { refresh(): Promise<void> };
  startPython(): Promise<{ writeFile(path: string, data: Uint8Array): Promise<void> }>;
  send(text: string): Promise<void>;
}

export function createEmbedAdapter(
  app: WidgetHostApp,
  appReady: Promise<void>,
  endpoints?: EndpointSink,
): EmbedAppAdapter {
  const listeners = new Set<AgentEventListener>();
  // Attributes arrive one at a time: the server is used once both address and model are known.
  const named = { url: '', model: '' };
  const setEndpoint = (e: EndpointParams) => {
    if (!endpoints) throw new Error('This widget cannot use a model server.');
    return endpoints.use(e.url, e.model, e.apiKey);
  };
  const emit = (e: AgentEvent) => listeners.forEach((l) => l(e));
  const hostTools = new HostToolSet();
  app.decorateAgents((create) => withHostTools(create, hostTools, emit));

  return {
    async writeFile(path, data) {
      const py = await app.startPython();
      await py.writeFile(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
      await app.files.refresh();
    },
    async send(prompt) {
      if (app.busy)
        throw new Error('The agent is busy with another message; wait for it to finish.');
      await app.send(prompt);
      // Failures before the agent runs (no model loaded…) are not agent events: report them.
      if (app.status === 'error') throw new Error(app.statusDetail || 'The message failed.');
    },
    onAgentEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    transcript: () => app.conversation.history,
    async setHostTools(tools) {
      hostTools.set(tools);
    },
    configure(s: WidgetSettings) {
      if (s.theme) app.settings.theme = s.theme === 'auto' ? 'system' : s.theme;
      if (s.placeholder !== undefined) app.composerPlaceholder = s.placeholder;
      if (s.model !== undefined) app.requestedModel = s.model;
      if (s.endpointUrl !== undefined) named.url = s.endpointUrl;
      if (s.endpointModel !== undefined) named.model = s.endpointModel;
      if ((s.endpointUrl || s.endpointModel) && named.url && named.model) setEndpoint(named);
      return { ...s };
    },
    setEndpoint,
    whenReady: () => appReady,
  };
}

/** Widget settings given in the iframe URL by <codeact-agent> (model, placeholder, theme). */
function settingsFromUrl(search: string): WidgetSettings {
  const q = new URLSearchParams(search);
  const s: WidgetSettings = {};
  const model = q.get('model');
  const placeholder = q.get('placeholder');
  const theme = q.get('theme');
  const endpointUrl = q.get('endpoint-url');
  const endpointModel = q.get('endpoint-model');
  if (endpointUrl) s.endpointUrl = endpointUrl;
  if (endpointModel) s.endpointModel = endpointModel;
  if (model) s.model = model;
  if (placeholder) s.placeholder = placeholder;
  if (theme === 'light' || theme === 'dark' || theme === 'auto') s.theme = theme;
  return s;
}

/** Call once at startup in widget mode; `appReady` settles when the app can take a prompt. */
export function startEmbedMode(
  app: WidgetHostApp & RequestedModelApp,
  appReady: Promise<void>,
  endpoints?: EndpointSink,
): EmbedBridge {
  app.hostDriven = true;
  const adapter = createEmbedAdapter(app, appReady, endpoints);
  loadRequestedModelWhenCached(app);
  try {
    adapter.configure(settingsFromUrl(location.search));
  } catch (e) {
    // A bad attribute (say, an endpoint-url that is not a URL) must not stop the widget.
    console.error('<codeact-agent>: a setting was not applied:', e);
  }
  return startEmbedBridge(adapter);
}
