// What went wrong with a model, in words the UI can show: a code, a title, a message and one
// action. Shared by every backend: the owners' typed errors (AppError), a cancel, storage and the
// network are read here; each backend reads its own error strings first (LocalRuntime.explain,
// which LocalModels.classify passes to classifyWith).
import { AppError, isAppError } from '../errors/app-error';
import { errorText } from '../errors/error-text';

export { errorText } from '../errors/error-text';

/** Stable codes for code and tests (shown as data-code); a backend may add its own. */
export type EngineErrorCode =
  | 'no-webgpu'
  | 'no-adapter'
  | 'shader-f16'
  | 'gpu-limits'
  | 'device-lost'
  | 'model-lost'
  | 'worker-stopped'
  | 'quota'
  | 'model-not-found'
  | 'network'
  | 'context-window'
  | 'corrupted-cache'
  | 'bad-library'
  | 'import-invalid'
  | 'cancelled'
  | 'unsupported'
  | 'unknown';

export type EngineErrorAction =
  | 'none'
  | 'retry'
  | 'reload-model'
  | 'pick-smaller-model'
  | 'pick-f32-model'
  | 'free-storage'
  | 'clear-and-download'
  | 'new-conversation'
  | 'use-other-browser';

export interface ClassifiedError {
  code: EngineErrorCode;
  title: string;
  message: string;
  action: EngineErrorAction;
  /** The original text, for a details/disclosure element. */
  detail: string;
}

/** Every long operation's AbortSignal fired: the same words for a download, a load, an import. */
export const cancelled = (what: string): AppError<'cancelled'> =>
  new AppError('cancelled', `${what} was cancelled by the user.`);

/** One backend's reading of an error it knows; undefined when the error is not one of its own. */
export type ErrorExplainer = (err: unknown) => ClassifiedError | undefined;

export interface ErrorRule {
  test: RegExp;
  code: EngineErrorCode;
  title: string;
  message: string;
  action: EngineErrorAction;
}

/** The first rule whose pattern matches the error's "Name: message" text. */
export function matchRules(rules: readonly ErrorRule[], err: unknown): ClassifiedError | undefined {
  const detail = errorText(err);
  const rule = rules.find((r) => r.test.test(detail));
  if (!rule) return undefined;
  const { code, title, message, action } = rule;
  return { code, title, message, action, detail };
}

const CANCELLED: ErrorRule = {
  test: /AbortError|cancelled by the user/i,
  code: 'cancelled',
  title: 'Cancelled',
  message: 'The operation was cancelled. Files that finished downloading are kept.',
  action: 'none',
};

/** Storage and network failures, for any backend's files (after the backends' own rules). */
const GENERIC: ErrorRule[] = [
  {
    test: /QuotaExceededError|quota/i,
    code: 'quota',
    title: 'Not enough storage',
    message:
      'The browser refused to store more data. Delete cached models or free disk space, then retry.',
    action: 'free-storage',
  },
  {
    test: /Failed to fetch|NetworkError|network error|Request failed|Cannot fetch|CORS|HTTP \d{3}|Load failed/i,
    code: 'network',
    title: 'Download failed',
    message:
      'A model file could not be fetched (offline, blocked by CORS, or the server failed). Retry; finished files are kept.',
    action: 'retry',
  },
];

/** The owners' typed errors carry their own sentence; only the title is added. */
const APP_ERRORS: Record<string, Pick<ClassifiedError, 'code' | 'title' | 'action'>> = {
  cancelled: { code: 'cancelled', title: 'Cancelled', action: 'none' },
  'model-lost': { code: 'model-lost', title: 'The model was unloaded', action: 'reload-model' },
  'worker-stopped': { code: 'worker-stopped', title: 'The model worker stopped', action: 'retry' },
};

/** Classifies with the backends' explainers between the cancel rule and the generic ones. */
export function classifyWith(err: unknown, explainers: readonly ErrorExplainer[]): ClassifiedError {
  const known = isAppError(err) ? APP_ERRORS[err.code] : undefined;
  if (known && isAppError(err))
    return {
      ...known,
      message: [err.message, err.action].filter(Boolean).join(' '),
      detail: `${err.code}: ${err.message}`,
    };
  const cancelled = matchRules([CANCELLED], err);
  if (cancelled) return cancelled;
  for (const explain of explainers) {
    const mine = explain(err);
    if (mine) return mine;
  }
  return (
    matchRules(GENERIC, err) ?? {
      code: 'unknown',
      title: 'Something went wrong',
      message: 'The model engine reported an unexpected error. Details below.',
      action: 'retry',
      detail: errorText(err),
    }
  );
}
