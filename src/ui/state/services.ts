// The real implementations behind the UI's ports. The agent loop and the replay engine are
// imported on first use so they stay out of the main chunk (WebLLM and Pyodide live in workers).
import type { AgentConfig } from '../../agent/api';
import { PythonClient } from '../../runtime/python-client';
import type { PythonPort, Services } from './ports';

export function createServices(): Services {
  const python: PythonPort = new PythonClient();
  return {
    python,
    async createAgent(config: AgentConfig) {
      const { CodeActAgent } = await import('../../agent/agent');
      return new CodeActAgent(config);
    },
    async replayEngine(url: string, paceMs?: number) {
      const { ReplayEngine, loadTranscript } = await import('../../engine/replay-engine');
      const transcript = await loadTranscript(url);
      return { engine: new ReplayEngine(transcript, { paceMs }), prompt: transcript.prompt };
    },
  };
}
