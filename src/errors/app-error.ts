// The error type that crosses the app's boundaries (owners, engines, storage): a stable code for
// code and tests to match, and a message that tells the user what to do.

export class AppError<Code extends string = string> extends Error {
  readonly code: Code;
  /** What the user can do about it, one sentence ("Reload the model", "Check the API key"). */
  readonly action: string | undefined;

  constructor(code: Code, message: string, opts: { action?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.action = opts.action;
  }
}

export function isAppError<C extends string>(e: unknown, code?: C): e is AppError<C> {
  return e instanceof AppError && (code === undefined || e.code === code);
}
