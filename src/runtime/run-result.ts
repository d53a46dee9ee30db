// Building RunResults for the cases the worker cannot report itself: a run the
// client stopped, a runtime that had to be replaced, a start-up failure.
import type { WorkerRunResult } from '../../workers/contracts/python';
import type { RunError, RunOutput, RunResult } from './types';

/** 'stalled': a package download received no byte for the stall limit (`limitMs` is that limit). */
export type StopReason = 'timeout' | 'interrupt' | 'stalled';

export function timeoutError(limitMs: number, traceback = '', stalled = false): RunError {
  const evalue = stalled
    ? `Package download stalled: no data arrived for ${limitMs / 1000} seconds, so the run was stopped. ` +
      'Check the connection and run the cell again.'
    : `Execution timed out after ${limitMs / 1000} seconds and was stopped.`;
  return {
    ename: 'TimeoutError',
    evalue,
    traceback: (traceback ? traceback + '\n\n' : '') + `TimeoutError: ${evalue}`,
  };
}

const INTERRUPTED: RunError = {
  ename: 'KeyboardInterrupt',
  evalue: 'Execution was interrupted.',
  traceback: 'KeyboardInterrupt: Execution was interrupted.',
};

function joinStream(outputs: RunOutput[], name: 'stdout' | 'stderr'): string {
  return outputs.map((o) => (o.type === 'stream' && o.name === name ? o.text : '')).join('');
}

/** The run ended because the worker was terminated: keep what was streamed so far. */
export function lostRunResult(
  streamed: RunOutput[],
  stop: StopReason | undefined,
  timeoutMs: number,
  reason: string,
): Omit<RunResult, 'durationMs'> {
  const error: RunError =
    stop === 'timeout' || stop === 'stalled'
      ? timeoutError(timeoutMs, '', stop === 'stalled')
      : stop === 'interrupt'
        ? INTERRUPTED
        : { ename: 'RuntimeCrash', evalue: reason, traceback: reason };
  return {
    stdout: joinStream(streamed, 'stdout'),
    stderr: joinStream(streamed, 'stderr'),
    outputs: streamed,
    error,
    timedOut: stop === 'timeout' || stop === 'stalled',
    interrupted: stop === 'interrupt',
    restarted: true,
    restartReason: reason,
    truncated: false,
  };
}

/** A worker result plus the stop flags (a timeout reads as TimeoutError for the model). */
export function finishedRunResult(
  r: WorkerRunResult,
  stop: StopReason | undefined,
  timeoutMs: number,
): Omit<RunResult, 'durationMs'> {
  let error = r.error;
  const timedOut = stop === 'timeout' || stop === 'stalled';
  if (timedOut && error?.ename === 'KeyboardInterrupt') {
    error = timeoutError(timeoutMs, error.traceback, stop === 'stalled');
  }
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    outputs: r.outputs,
    error,
    timedOut: timedOut && error?.ename === 'TimeoutError',
    interrupted: stop === 'interrupt' && error?.ename === 'KeyboardInterrupt',
    restarted: false,
    truncated: r.truncated,
  };
}

export function failedRunResult(ename: string, evalue: string): Omit<RunResult, 'durationMs'> {
  return {
    stdout: '',
    stderr: '',
    outputs: [],
    error: { ename, evalue, traceback: `${ename}: ${evalue}` },
    timedOut: false,
    interrupted: false,
    restarted: false,
    truncated: false,
  };
}
