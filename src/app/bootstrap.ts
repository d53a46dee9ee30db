// Start-up wiring, the app's composition root: creates the services, the app state and the demos,
// connects widget mode (?embed=1) through the app's extension points, installs the test hook, and
// runs the start sequence (Python, storage, a replay link, the widget's ready signal). The layout
// (src/ui/App.svelte) receives what this builds and only renders it.
import type { EmbedBridge } from '../embed/app/app-bridge';
import { parseReplayParams } from '../engine';
import { pwa } from '../pwa/pwa.svelte';
import { warmUpRenderers } from '../ui/warm-up';
import { AppState } from '../ui/state/app.svelte';
import { DemosState } from '../ui/state/demos.svelte';
import type { Services } from '../ui/state/ports';
import { ggufHook } from './gguf-hook';
import { createServices } from './services';
import { afterPythonStart, pythonQuiet } from './start-gate';

export interface Boot {
  readonly services: Services;
  readonly app: AppState;
  readonly demos: DemosState;
  /**
   * The host-page bridge in widget mode (inside <codeact-agent>), else null. Loaded on demand:
   * a page that is not a widget never fetches the bridge's code.
   */
  readonly embed: Promise<EmbedBridge | null>;
  /** The URL asks for a replay, which chooses the engine itself (no need to open Models first). */
  readonly replayLink: boolean;
  /**
   * Python's start has ended (or 3 s have passed): the first screen's heavier work waits for it
   * (the device pre-flight, the Models panel opened at start), src/app/start-gate.ts.
   */
  readonly pythonSettled: Promise<void>;
  /**
   * The same moment without the 3 s cap (`pythonQuiet`): for work that must never compete with
   * Python's start, however long it takes (the service worker's registration and storing).
   */
  readonly pythonQuiet: Promise<void>;
  /**
   * The start sequence, once the layout is mounted. `storageOpened` runs when conversations and
   * settings are loaded, before a replay link is played.
   */
  start(hooks?: { storageOpened?: () => void | Promise<void> }): Promise<void>;
}

export function bootstrap(): Boot {
  const services = createServices();
  // Every answer runs Python: boot the runtime now, in its worker, before the layout mounts, while
  // the app opens its storage and the model; the worker keeps the page responsive meanwhile.
  const quiet = pythonQuiet(services.python);
  const pythonSettled = afterPythonStart(quiet);
  const app = new AppState(services);
  const demos = new DemosState(app);
  // Widget mode: a host page talks to the app over postMessage, once the app can take prompts.
  let embedReady = () => {};
  const widget = new URLSearchParams(location.search).get('embed') === '1';
  // Set at once (the bridge's code arrives a moment later): the host drives this chat.
  if (widget) app.hostDriven = true;
  const appReady = new Promise<void>((r) => (embedReady = r));
  const embed = widget
    ? import('../embed/app/app-adapter').then((m) => m.startEmbedMode(app, appReady, app.endpoint))
    : Promise.resolve(null);

  // Test and debugging hook (no secrets live here).
  (globalThis as unknown as { __codeact: unknown }).__codeact = {
    python: services.python,
    pwa,
    app,
    models: app.models,
    /** Kills the loaded model's worker the way a crash does (terminated, then its error event). */
    llm: { crash: (detail?: string) => app.models.local.crashForTest(detail) },
    // The renderer is not in the main chunk: load() brings it.
    ui: { load: () => import('../ui/markdown/render') },
    gguf: ggufHook(app),
  };

  async function start(hooks: { storageOpened?: () => void | Promise<void> } = {}) {
    await embed; // a widget listens to its host before anything starts
    // GPU pre-flight (the empty state and the Models panel read it), once Python's start is over.
    void pythonSettled.then(() => app.models.init());
    // The first render and editor warm up once Python is up: its start is not a quiet moment.
    void pythonSettled.then(() => warmUpRenderers(() => !app.busy));
    await app.init();
    void demos.load();
    await hooks.storageOpened?.();
    const replay = parseReplayParams(location.search, document.baseURI);
    if (replay) {
      // Once only: a reload must bring back the conversation, not start the replay again.
      const url = new URL(location.href);
      for (const k of ['replay', 'autorun', 'pace']) url.searchParams.delete(k);
      history.replaceState(history.state, '', url);
      await demos.openReplay(replay);
    }
    embedReady();
    // Apply this user's settings (network access) to the runtime started above. Once Python is
    // quiet (a cell sent as it started has come back: src/app/start-gate.ts), numpy and pandas
    // load in the background where their wheels are on this machine, and the service worker may
    // store the local-model runtimes it left out of its install.
    void app
      .startPython()
      .then(() => quiet)
      .then(() => {
        if (app.settings.preloadPackages) void services.python.preloadPackages?.().catch(() => {});
        return pwa.cacheLater();
      })
      .catch(() => {});
  }

  return {
    services,
    app,
    demos,
    embed,
    replayLink: new URLSearchParams(location.search).has('replay'),
    pythonSettled,
    pythonQuiet: quiet,
    start,
  };
}
