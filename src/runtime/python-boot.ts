// The owner's half of starting Python: hand the worker its event port and interrupt buffer, then
// the stored /workspace files (read from storage while Pyodide loads) and the tools. The files and
// tools are sent without waiting for init's answer (unless the worker may answer policyMissing):
// the worker applies them once its kernel has started, and the start is done without two more
// round trips through the page's main thread, which is busy at that moment.
// The worker reports its own named steps ('runtime', 'files', 'packages') as progress on the
// event channel.
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
  const send = () => {
    const filesPut = files.then((f) => session.api.putFiles(f));
    const toolsDefined = s.toolSources.length
      ? session.api.defineTools(s.toolSources)
      : Promise.resolve();
    filesPut.catch(() => {}); // observed below
    toolsDefined.catch(() => {});
    return { filesPut, toolsDefined };
  };
  // A worker that may answer policyMissing gets the user's files and tools only once it has not:
  // it is thrown away without them.
  const early = s.requirePolicy ? undefined : send();
  const info = await session.call(started);
  if ('policyMissing' in info) return info;
  const { filesPut, toolsDefined } = early ?? send();
  await session.call(filesPut);
  await session.call(toolsDefined);
  return info;
}
