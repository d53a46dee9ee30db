// The real implementations behind the UI's ports. The agent loop is imported on first use so it
// stays out of the main chunk (WebLLM and Pyodide live in workers). The replay engine is small
// and already in the main chunk (the engine's URL-parameter helper imports it).
import type { AgentConfig } from '../agent/api';
import { loadTranscript, ReplayEngine } from '../engine';
import { serviceWorkerLock } from '../pwa/browser-lock';
import { pwa } from '../pwa/pwa.svelte';
import { takeEarlyPython } from '../runtime/early-python';
import { PythonClient } from '../runtime/python-client';
import type { PythonPort, Services } from '../ui/state/ports';

export function createServices(): Services {
  // Python starts only under the browser lock where a service worker can bring it (first visit).
  // Its first worker was started by the page's first script (src/preboot.ts), before this code loaded.
  const python: PythonPort = new PythonClient({
    browserLock: serviceWorkerLock(pwa),
    adoptEarly: takeEarlyPython,
  });
  return {
    python,
    async createAgent(config: AgentConfig) {
      const { CodeActAgent } = await import('../agent/agent');
      return new CodeActAgent(config);
    },
    async replayEngine(url: string, paceMs?: number) {
      const transcript = await loadTranscript(url);
      return {
        engine: new ReplayEngine(transcript, { paceMs }),
        prompt: transcript.prompt,
        files: transcript.files ?? [],
        title: transcript.title,
        ...(transcript.expected_runs ? { expected: transcript.expected_runs } : {}),
      };
    },
  };
}
