// The owner's half of starting Python: hand the worker its event port and interrupt buffer, then
// the stored /workspace files (read from storage while Pyodide loads), then define the tools. The worker reports its own named steps
// ('runtime', 'files', 'packages') as progress on the event channel.
import * as Comlink from 'comlink';
import type { PythonWorkerInfo, WorkspaceFileData } from '../../workers/contracts/python';
import type { WorkerSession } from './worker-session';

export interface BootSettings {
  indexURL: string;
  allowNetwork: boolean;
  namespace: string;
  toolSources: string[];
  readFiles(): Promise<WorkspaceFileData[]>;
  /** Answer `policyMissing` instead of starting when the worker CSP is not in force. */
  requirePolicy: boolean;
}

export async function bootPython(
  session: WorkerSession,
  s: BootSettings,
): Promise<PythonWorkerInfo | { policyMissing: true }> {
  // Storage is read while Pyodide loads; the files are written before the start is reported done.
  const files = s.readFiles();
  files.catch(() => {}); // observed below, after init
  const port = session.takeWorkerPort();
  const init = {
    indexURL: s.indexURL,
    interruptBuffer: session.interruptBuffer,
    events: port,
    allowNetwork: s.allowNetwork,
    namespace: s.namespace,
    requirePolicy: s.requirePolicy,
  };
  const started: Promise<PythonWorkerInfo | { policyMissing: true }> = session.api.init(
    Comlink.transfer(init, [port]),
  );
  const info = await session.call(started);
  if ('policyMissing' in info) return info;
  await session.call(session.api.putFiles(await session.call(files)));
  if (s.toolSources.length) await session.call(session.api.defineTools(s.toolSources));
  return info;
}
