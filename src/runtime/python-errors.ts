// The typed errors the Python owner rejects with. Callers match on `code`, never on message text.
import { AppError } from '../errors/app-error';

export type PythonErrorCode =
  /** The caller's AbortSignal fired (a start or a call given up on purpose). */
  | 'cancelled'
  /** The worker died or was terminated while the call was pending. */
  | 'worker-lost'
  /** Pyodide or the runtime package failed to load. */
  | 'start-failed'
  /** dispose() was called; this client takes no more work. */
  | 'disposed';

export type PythonError = AppError<PythonErrorCode>;

export function cancelledError(what: string): PythonError {
  return new AppError('cancelled', `${what} was cancelled.`);
}

export function workerLostError(reason: string): PythonError {
  return new AppError('worker-lost', reason, {
    action: 'Run it again: Python restarts on the next use (variables are lost).',
  });
}

export function startFailedError(cause: unknown): PythonError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new AppError('start-failed', message, {
    cause,
    action: 'Reload the page; if it fails again, the Python files may not have been served.',
  });
}

export function disposedError(): PythonError {
  return new AppError('disposed', 'The Python runtime was shut down (disposed).');
}
