// Turns the error strings that cross the worker ("Name: message") into something a user can act on.
// WebLLM exports no error classes we could match with instanceof (see shared/reference/webllm.md §5),
// so classification is by name prefix or message substring, most specific first.
import { isAppError } from '../errors/app-error';
import { errorText } from '../errors/error-text';

export { errorText } from '../errors/error-text';

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

interface Rule {
  test: RegExp;
  code: EngineErrorCode;
  title: string;
  message: string;
  action: EngineErrorAction;
}

const RULES: Rule[] = [
  {
    test: /AbortError|cancelled by the user/i,
    code: 'cancelled',
    title: 'Cancelled',
    message: 'The operation was cancelled. Files that finished downloading are kept.',
    action: 'none',
  },
  {
    test: /ModelImportError/,
    code: 'import-invalid',
    title: 'This folder is not a complete MLC model',
    message: 'Nothing was imported. Pick the folder again once it holds every listed file.',
    action: 'none',
  },
  {
    test: /WebGPUNotAvailableError|WebGPU is not supported|navigator\.gpu/i,
    code: 'no-webgpu',
    title: 'WebGPU is not available',
    message:
      'This browser does not offer WebGPU. Use a recent Chrome, Edge or Safari over https, or the replay demo.',
    action: 'use-other-browser',
  },
  {
    test: /Unable to find a compatible GPU|No available adapters|requestAdapter/i,
    code: 'no-adapter',
    title: 'No usable GPU adapter',
    message:
      'WebGPU is present but no GPU adapter was offered. Enable hardware acceleration or update the GPU driver.',
    action: 'use-other-browser',
  },
  {
    test: /ShaderF16SupportError|shader-f16/i,
    code: 'shader-f16',
    title: 'This GPU lacks 16-bit float shaders',
    message: 'This model needs shader-f16. Pick the q4f32_1 variant of a model instead.',
    action: 'pick-f32-model',
  },
  {
    test: /exceeds limit|FeatureSupportError/i,
    code: 'gpu-limits',
    title: 'GPU limits are too low for this model',
    message: 'The GPU does not offer the buffer sizes this model needs. Pick a smaller model.',
    action: 'pick-smaller-model',
  },
  {
    // After a device loss WebLLM unloads silently; the next call says this (real-path-review §2).
    test: /ModelNotLoadedError|WorkerEngineModelNotLoadedError/,
    code: 'model-lost',
    title: 'The model was unloaded',
    message:
      'The GPU device was lost, so the model is no longer loaded. Reload it; if this repeats, pick a smaller model.',
    action: 'reload-model',
  },
  {
    test: /DeviceLostError|Device was lost|out of memory|\bOOM\b/i,
    code: 'device-lost',
    title: 'The GPU ran out of memory',
    message:
      'The GPU device was lost, most likely from running out of memory. Pick a smaller model or close other GPU-heavy tabs.',
    action: 'pick-smaller-model',
  },
  {
    test: /QuotaExceededError|quota/i,
    code: 'quota',
    title: 'Not enough storage',
    message:
      'The browser refused to store more data. Delete cached models or free disk space, then retry.',
    action: 'free-storage',
  },
  {
    test: /ContextWindowSizeExceededError|exceed context window/i,
    code: 'context-window',
    title: 'The conversation no longer fits the model',
    message: 'The prompt exceeds the context window. Start a new conversation.',
    action: 'new-conversation',
  },
  {
    test: /Tensor-cache record range|exceeds shard size|CorruptDownloadError|Unexpected token .* JSON|is not valid JSON/i,
    code: 'corrupted-cache',
    title: 'The stored model files are damaged',
    message: 'Some cached files are incomplete or wrong. Clear this model and download it again.',
    action: 'clear-and-download',
  },
  {
    test: /CompileError|LinkError|WebAssembly\.instantiate|expected magic word|tvmjs.*expects/i,
    code: 'bad-library',
    title: 'The model library does not work',
    message:
      'The .wasm model library is damaged or was built for another WebLLM version. Clear this model and download it again, or use the library built for WebLLM 0.2.86.',
    action: 'clear-and-download',
  },
  {
    test: /ModelNotFoundError|ModelFileNotFoundError|HTTP 404|MissingModelError|SpecifiedModelNotFoundError/i,
    code: 'model-not-found',
    title: 'Model files not found',
    message:
      'The model files are not at the configured address. Check the weights URL or import the model folder.',
    action: 'retry',
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

/** The owner's typed errors (llm-errors.ts) carry their own sentence; only the title is added. */
const APP_ERRORS: Record<string, Pick<ClassifiedError, 'code' | 'title' | 'action'>> = {
  cancelled: { code: 'cancelled', title: 'Cancelled', action: 'none' },
  'model-lost': { code: 'model-lost', title: 'The model was unloaded', action: 'reload-model' },
  'worker-stopped': { code: 'worker-stopped', title: 'The model worker stopped', action: 'retry' },
};

export function classifyError(err: unknown): ClassifiedError {
  const known = isAppError(err) ? APP_ERRORS[err.code] : undefined;
  if (known && isAppError(err))
    return {
      ...known,
      message: [err.message, err.action].filter(Boolean).join(' '),
      detail: `${err.code}: ${err.message}`,
    };
  const detail = errorText(err);
  const rule = RULES.find((r) => r.test.test(detail));
  if (rule) {
    const { code, title, message, action } = rule;
    return { code, title, message, action, detail };
  }
  return {
    code: 'unknown',
    title: 'Something went wrong',
    message: 'The model engine reported an unexpected error. Details below.',
    action: 'retry',
    detail,
  };
}
