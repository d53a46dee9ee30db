// The real implementations behind the UI's ports. Heavy modules (agent, engines) are imported
// on first use so they stay out of the main chunk.
import { PythonClient } from '../../runtime/python-client';
import type { PythonPort, Services } from './ports';

export function createServices(): Services {
  const python = new PythonClient() as unknown as PythonPort;
  return {
    python,
    createAgent() {
      throw new Error('The agent loop is not available in this build yet.');
    },
    async replayEngine() {
      throw new Error('Replays are not available in this build yet.');
    },
  };
}
