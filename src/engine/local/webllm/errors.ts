// WebLLM's error strings, most specific first, turned into something a user can act on. WebLLM
// exports no error classes we could match with instanceof, and its errors cross the worker as
// "Name: message" text, so classification is by name prefix or message substring.
import { matchRules, type ClassifiedError, type ErrorRule } from '../../errors';

const RULES: ErrorRule[] = [
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
    // After a device loss WebLLM unloads silently; the next call says ModelNotLoadedError.
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
];

export const explainWebLLMError = (err: unknown): ClassifiedError | undefined =>
  matchRules(RULES, err);
