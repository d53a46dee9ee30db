// What the UI needs from the other parts, as interfaces: the app state is written against these,
// and services.ts plugs in the real implementations (PythonClient, CodeActAgent, engines).
import type { Agent, AgentConfig } from '../../agent/api';
import type { ExpectedRun, LLMEngine, ReplayFile } from '../../engine';
import type { CodeRunner, RuntimeStatus } from '../../runtime/types';
import type {
  SandboxInfo,
  WorkspaceFile as ContractWorkspaceFile,
} from '../../../workers/contracts/python';
import type { PackageLoad } from '../../runtime/package-events';

/** A /workspace file as the Files panel lists it (the Python contract's record, time optional). */
export type WorkspaceFile = Pick<ContractWorkspaceFile, 'path' | 'size'>;

/** The Python runtime as the UI uses it (implemented by src/runtime/python-client.ts). */
export interface PythonPort extends CodeRunner {
  start(opts?: {
    signal?: AbortSignal;
  }): Promise<{ version: string; pythonVersion: string; sandbox?: SandboxInfo }>;
  restart(): Promise<unknown>;
  readonly status: RuntimeStatus;
  onStatus(cb: (s: RuntimeStatus) => void): unknown;
  onProgress?(cb: (p: { step: string; message: string }) => void): unknown;
  setAllowNetwork(on: boolean): void | Promise<void>;
  useNamespace?(conversationId: string): Promise<unknown>;
  listFiles(): Promise<unknown>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  deleteFile(path: string): Promise<void>;
  onFilesChanged?(cb: () => void): unknown;
  /** Package loads in progress (name and bytes per package). */
  onPackages?(cb: (load: PackageLoad) => void): unknown;
  /** Load numpy and pandas in the background when their wheels are already on this machine. */
  preloadPackages?(): Promise<unknown>;
  /** The last run's file changes, for "Undo last run's file changes" (e.g. "sales.csv", "3 files"). */
  readonly lastRunFileChanges?: string;
  undoLastRun?(): Promise<void>;
}

export interface Services {
  python: PythonPort;
  createAgent(config: AgentConfig): Agent | Promise<Agent>;
  /** A replay engine for a transcript URL (replays are labelled as such by the engine). */
  replayEngine(
    url: string,
    paceMs?: number,
  ): Promise<{
    engine: LLMEngine;
    prompt: string;
    files?: ReplayFile[];
    title?: string;
    /** What the recording's code actions printed (see ReplayTranscript.expected_runs). */
    expected?: ExpectedRun[];
  }>;
}

/** listFiles() results, whatever their exact shape, as path + size. */
export function toWorkspaceFiles(raw: unknown): WorkspaceFile[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((f): WorkspaceFile | null => {
      if (typeof f === 'string') return { path: f, size: 0 };
      if (f && typeof f === 'object') {
        const o = f as Record<string, unknown>;
        const path = o.path ?? o.name;
        if (typeof path !== 'string') return null;
        return { path: path.replace(/^\/workspace\//, ''), size: Number(o.size ?? 0) || 0 };
      }
      return null;
    })
    .filter((f): f is WorkspaceFile => f !== null)
    .sort((a, b) => a.path.localeCompare(b.path));
}
