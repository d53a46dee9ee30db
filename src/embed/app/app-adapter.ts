// Widget mode (?embed=1) inside the app: implements EmbedAppAdapter over the app's state
// and starts the bridge. Typed structurally (WidgetHostApp), so it depends on the few
// members it uses of the UI's AppState, not on its module.
import type { AgentEvent, AgentEventListener } from '../../agent/events';
import type { ChatMessage } from '../../engine';
import { startEmbedBridge, type EmbedAppAdapter, type EmbedBridge } from './app-bridge';
import { HostToolSet, withHostTools, type CreateAgent } from './embed-agent';
import type { WidgetSettings } from '../protocol/protocol';

/** What widget mode uses of the app state (src/ui/state/app.svelte.ts AppState has these). */
export interface WidgetHostApp {
  /** The app's extension point for agents: widget mode wraps them to add the host's tools. */
  decorateAgents(decorator: (create: CreateAgent) => CreateAgent): void;
  /** Composer placeholder and requested model, as the host page configures them. */
  composerPlaceholder: string;
  requestedModel: string;
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

export function isEmbedMode(search: string): boolean {
  return new URLSearchParams(search).get('embed') === '1';
}

export function createEmbedAdapter(app: WidgetHostApp, appReady: Promise<void>): EmbedAppAdapter {
  const listeners = new Set<AgentEventListener>();
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
      return { ...s };
    },
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
  if (model) s.model = model;
  if (placeholder) s.placeholder = placeholder;
  if (theme === 'light' || theme === 'dark' || theme === 'auto') s.theme = theme;
  return s;
}

/** Call once at startup in widget mode; `appReady` settles when the app can take a prompt. */
export function startEmbedMode(app: WidgetHostApp, appReady: Promise<void>): EmbedBridge {
  const adapter = createEmbedAdapter(app, appReady);
  adapter.configure(settingsFromUrl(location.search));
  return startEmbedBridge(adapter);
}
