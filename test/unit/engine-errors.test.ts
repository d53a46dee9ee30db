import { describe, expect, it } from 'vitest';
import { classifyWith, errorText } from '../../src/engine/errors';
import { explainWebLLMError } from '../../src/engine/local/webllm/errors';

/** As LocalModels.classify reads errors with WebLLM registered. */
const classifyError = (err: unknown) => classifyWith(err, [explainWebLLMError]);
import { cancelled, modelLost, workerStopped } from '../../src/engine/local/webllm/llm-errors';

// Strings as they cross the worker: WebLLM's "Name: message" (reference webllm.md §5).
const cases: [string, string, string][] = [
  [
    'WebGPUNotAvailableError: WebGPU is not supported in your current environment',
    'no-webgpu',
    'use-other-browser',
  ],
  [
    'Error: Unable to find a compatible GPU. This issue might be because your computer',
    'no-adapter',
    'use-other-browser',
  ],
  [
    'ShaderF16SupportError: This model requires WebGPU extension shader-f16, which is not enabled',
    'shader-f16',
    'pick-f32-model',
  ],
  [
    'Error: Cannot initialize runtime because of requested maxStorageBuffersPerShaderStage exceeds limit. requested=10, limit=8',
    'gpu-limits',
    'pick-smaller-model',
  ],
  [
    'DeviceLostError: The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM)',
    'device-lost',
    'pick-smaller-model',
  ],
  [
    "QuotaExceededError: Failed to execute 'add' on 'Cache': Quota exceeded.",
    'quota',
    'free-storage',
  ],
  ['TypeError: Failed to fetch', 'network', 'retry'],
  ['NetworkError: Cache.add() encountered a network error', 'network', 'retry'],
  ["TypeError: Failed to execute 'add' on 'Cache': Request failed", 'network', 'retry'],
  ['ModelNotFoundError: Cannot find model record in appConfig for foo', 'model-not-found', 'retry'],
  [
    'ModelFileNotFoundError: HTTP 404 for http://x/resolve/main/mlc-chat-config.json',
    'model-not-found',
    'retry',
  ],
  [
    'ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096',
    'context-window',
    'new-conversation',
  ],
  [
    'Error: Tensor-cache record range [0, 100) exceeds shard size 50',
    'corrupted-cache',
    'clear-and-download',
  ],
  ['AbortError: The user aborted a request.', 'cancelled', 'none'],
  [
    'ModelNotLoadedError: Model not loaded before trying to complete ChatCompletionRequest. Please ensure you have called MLCEngine.reload(model)',
    'model-lost',
    'reload-model',
  ],
  ['ModelImportError: missing shard params_shard_3.bin.', 'import-invalid', 'none'],
];

describe('classifyError', () => {
  it.each(cases)('%s → %s', (text, code, action) => {
    const c = classifyError(text);
    expect(c.code).toBe(code);
    expect(c.action).toBe(action);
    expect(c.title.length).toBeGreaterThan(3);
    expect(c.detail).toBe(text);
  });

  it('falls back to unknown with the original text kept', () => {
    const c = classifyError('WeirdError: something new');
    expect(c.code).toBe('unknown');
    expect(c.detail).toBe('WeirdError: something new');
  });

  it('reads Error objects, including comlink-rebuilt ones whose message holds the name', () => {
    expect(errorText(new TypeError('Failed to fetch'))).toBe('TypeError: Failed to fetch');
    expect(errorText(new Error('ShaderF16SupportError: needs f16'))).toBe(
      'ShaderF16SupportError: needs f16',
    );
    expect(classifyError(new Error('DeviceLostError: lost')).code).toBe('device-lost');
  });

  it('maps the LLM owner’s typed errors by code, keeping their sentence and action', () => {
    const lost = classifyError(modelLost('Qwen 3B', 'device-lost'));
    expect(lost).toMatchObject({ code: 'model-lost', action: 'reload-model' });
    expect(lost.message).toMatch(/^Qwen 3B was unloaded because the GPU device was lost/);
    expect(lost.message).toMatch(/Load the model again/);
    expect(classifyError(workerStopped('crashed')).code).toBe('worker-stopped');
    expect(classifyError(cancelled('Loading the model')).code).toBe('cancelled');
  });
});
