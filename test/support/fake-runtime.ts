// FAKE Python runtime for unit tests: no Python runs. A handler decides each result from
// the code text; the fake records runs and the tools defined in its "namespace".
import type {
  CodeRunner,
  PythonTool,
  RunOptions,
  RunOutput,
  RunResult,
} from '../../src/runtime/types';

export function fakeResult(partial: Partial<RunResult> = {}): RunResult {
  const outputs: RunOutput[] = partial.outputs ?? [
    ...(partial.stdout ? [{ type: 'stream', name: 'stdout', text: partial.stdout } as const] : []),
    ...(partial.stderr ? [{ type: 'stream', name: 'stderr', text: partial.stderr } as const] : []),
  ];
  return {
    stdout: '',
    stderr: '',
    error: null,
    durationMs: 1,
    timedOut: false,
    interrupted: false,
    restarted: false,
    truncated: false,
    ...partial,
    outputs,
  };
}

export function fakeError(ename: string, evalue: string): RunResult {
  const traceback = `Traceback (most recent call last):\n  Cell In[1], line 1\n${ename}: ${evalue}`;
  return fakeResult({ stderr: traceback, error: { ename, evalue, traceback } });
}

/** Return a result, or 'hang' to wait for the abort signal (an endless loop). */
export type FakeHandler = (code: string, opts: RunOptions) => RunResult | 'hang';

export class FakeRunner implements CodeRunner {
  readonly runs: string[] = [];
  readonly definedTools: string[] = [];
  /** Names the fake namespace holds (tools defined before runs). */
  readonly namespace = new Set<string>();
  /** Namespace contents at the start of each run. */
  readonly namespaceAtRun: string[][] = [];

  constructor(
    private readonly handler: FakeHandler = () => fakeResult(),
    private readonly packages: string[] = ['numpy', 'pandas'],
  ) {}

  async run(code: string, opts: RunOptions = {}): Promise<RunResult> {
    this.runs.push(code);
    this.namespaceAtRun.push([...this.namespace]);
    const result = this.handler(code, opts);
    if (result !== 'hang') {
      for (const output of result.outputs) opts.onOutput?.(output);
      return result;
    }
    await new Promise<void>((resolve) => {
      if (opts.signal?.aborted) resolve();
      opts.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    const traceback = 'Traceback (most recent call last):\nKeyboardInterrupt';
    return fakeResult({
      interrupted: true,
      error: { ename: 'KeyboardInterrupt', evalue: '', traceback },
    });
  }

  async defineTools(tools: PythonTool[]): Promise<void> {
    for (const t of tools) {
      this.definedTools.push(t.name);
      this.namespace.add(t.name);
    }
  }

  async availablePackages(): Promise<string[]> {
    return this.packages;
  }
}
