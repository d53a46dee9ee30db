// The typed errors the LLM worker's owner rejects with (AppError codes). errors.ts turns them into
// the panel's titles and actions; tests match on the code.
import { AppError } from '../../../errors/app-error';

export type LlmErrorCode =
  /** The worker crashed or was terminated; every pending call was rejected. */
  | 'worker-stopped'
  /** The loaded model is gone (GPU device lost, or its worker stopped): reload it. */
  | 'model-lost'
  /** The operation's AbortSignal fired. */
  | 'cancelled'
  /** Chat was asked of a model that is not (or no longer) the loaded one. */
  | 'no-model'
  /** The owner was disposed. */
  | 'disposed';

export type LlmError = AppError<LlmErrorCode>;

const RELOAD = 'Load the model again from Models.';

export const workerStopped = (detail: string): LlmError =>
  new AppError('worker-stopped', `The model worker stopped: ${detail}`, {
    action: 'Try again; a new worker starts on the next use.',
  });

export const modelLost = (label: string, why: 'device-lost' | 'worker-stopped'): LlmError =>
  new AppError(
    'model-lost',
    why === 'device-lost'
      ? `${label} was unloaded because the GPU device was lost (often from running out of memory).`
      : `${label} was unloaded because the model worker stopped.`,
    { action: RELOAD },
  );

export { cancelled } from '../../errors';

export const noModel = (): LlmError =>
  new AppError('no-model', 'No model is loaded.', { action: RELOAD });
