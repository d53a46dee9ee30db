// Replays and demos: `?replay=<url>&autorun=1&pace=<ms>`, and the bundled scripted demos
// (public/examples/index.json) offered when no model can run here.
import type { AppState } from './app.svelte';
import { placeReplayFiles, type ReplayParams } from '../../engine';
import { message } from './files.svelte';

export interface DemoEntry {
  file: string;
  title: string;
  description: string;
  /** Packages the demo needs beyond the standard library (may be missing offline). */
  requires: string[];
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [];

export function parseDemoIndex(json: unknown): DemoEntry[] {
  const demos = (json as { demos?: unknown } | null)?.demos;
  if (!Array.isArray(demos)) throw new Error('examples/index.json has no "demos" list.');
  return demos
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object')
    .filter((d) => typeof d.file === 'string' && typeof d.title === 'string')
    .map((d) => ({
      file: String(d.file),
      title: String(d.title),
      description: typeof d.description === 'string' ? d.description : '',
      requires: strings(d.requires),
    }));
}

export class DemosState {
  list = $state<DemoEntry[]>([]);
  error = $state('');
  loading = $state(false);

  constructor(private readonly app: AppState) {}

  async load(): Promise<void> {
    try {
      const res = await fetch('./examples/index.json');
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.list = parseDemoIndex(await res.json());
    } catch (e) {
      this.error = `No demos available: ${message(e)}`;
    }
  }

  /** Loads a replay transcript as the engine, puts the files it names into /workspace, and sends
   *  its prompt at once when `autorun`: the same from the Demos list and from a URL. */
  async openReplay(p: ReplayParams): Promise<void> {
    const app = this.app;
    this.loading = true;
    try {
      // A link must not make this app run someone else's code on the user's files.
      if (new URL(p.url, document.baseURI).origin !== location.origin)
        throw new Error('only transcripts from this site can be replayed.');
      const { engine, prompt, files, title, expected } = await app.services.replayEngine(
        p.url,
        p.paceMs,
      );
      if (files?.length) {
        const py = await app.startPython();
        const placed: string[] = [];
        await placeReplayFiles(files, p.url, location.origin, (path, data) => {
          placed.push(path.replace(/^\/workspace\//, ''));
          return py.writeFile(path, data);
        });
        app.files.markDemo(placed, title ?? 'Scripted demo');
        await app.files.refresh();
      }
      app.startDemo(engine, title ?? 'Scripted demo', expected);
      if (p.autorun) await app.send(prompt);
      else app.draft = prompt;
    } catch (e) {
      app.conversation.addNotice(`Could not load the replay: ${message(e)}`);
    } finally {
      this.loading = false;
    }
  }

  run(demo: DemoEntry): Promise<void> {
    return this.openReplay({
      url: new URL(`./examples/${demo.file}`, document.baseURI).href,
      autorun: true,
    });
  }
}
