// What a run of Python code gives back. Shared by the runtime client, the agent
// loop (which turns it into an observation) and the UI (which renders it).

export type { RunError, RunOutput, StreamName } from '../../workers/contracts/python';
import type { RunError, RunOutput } from '../../workers/contracts/python';

export interface RunResult {
  stdout: string;
  stderr: string;
  outputs: RunOutput[];
  error: RunError | null;
  durationMs: number;
  timedOut: boolean;
  interrupted: boolean;
  /** The runtime was replaced during or before this run: variables were lost. */
  restarted: boolean;
  /** Human-readable reason when `restarted` (shown to the user and the model). */
  restartReason?: string;
  /** stdout/stderr were cut at the output cap. */
  truncated: boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Wall-clock limit for this run (default 60 s). */
  timeoutMs?: number;
  /** While packages download: stop when no byte arrived for this long (default 60 s, never below timeoutMs). */
  stallMs?: number;
  /** Called with output as it happens (streamed, in order). */
  onOutput?: (output: RunOutput) => void;
}

export type RuntimeStatus = 'idle' | 'starting' | 'ready' | 'busy' | 'restarted' | 'dead';

/** A Python function made available to the model (CodeAct tool). */
export interface PythonTool {
  name: string;
  /** e.g. "(query: str, n: int = 1)" */
  signature: string;
  /** e.g. "list[str]" */
  returns: string;
  description: string;
  /** Python source defining `name`. */
  source: string;
}

/** The part of the Python runtime the agent loop needs. */
export interface CodeRunner {
  run(code: string, opts?: RunOptions): Promise<RunResult>;
  /** Define tool functions in the current namespace. */
  defineTools(tools: PythonTool[]): Promise<void>;
  /** Package names that can be imported right now (for the system prompt). */
  availablePackages(): Promise<string[]>;
}
