// WebGPU pre-flight for WebLLM: pure verdicts per model from the device facts (device/probe.ts),
// and the errors a download or load would end with where a verdict rules the model out.
import { fmtMB, freeStorageMB, hasShaderF16, isSoftwareAdapter } from '../../device/describe';
import type { DeviceFacts } from '../../device/facts';
import type { Verdict, VerdictKind } from '../../device/verdict';
import { fitsMemory } from './context-size';
import { needsShaderF16, type WebLLMModel } from './records';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
// What tvmjs asks for when creating the device (reference §5): 1 GiB buffers, 10 storage buffers, 32 KiB.
export const WEBLLM_NEEDS = {
  bufferBytes: GiB,
  /** Small (low-resource) models still load when tvmjs falls back to 128 MiB bindings. */
  lowResourceBindingBytes: 128 * MiB,
  storageBuffersPerStage: 10,
  workgroupStorageBytes: 32 * 1024,
};

export function verdictFor(
  model: WebLLMModel,
  facts: DeviceFacts,
  opts: { stored?: boolean } = {},
): Verdict {
  const f = facts.gpu;
  const warnings: string[] = [];
  const no = (kind: VerdictKind, reason: string, detail?: string): Verdict => ({
    kind,
    ...(detail ? { detail } : {}),
    fitsMemory: fitsMemory(model, facts),
    reason,
    warnings,
  });
  if (!f.webgpu) return no('unsupported', 'This browser has no WebGPU.', 'no-webgpu');
  if (!f.adapter)
    return no('unsupported', 'WebGPU is present but offers no GPU adapter.', 'no-webgpu');
  if (facts.storage.persisted === false)
    warnings.push('Storage is not persistent: the browser may evict the model.');

  if (needsShaderF16(model) && !hasShaderF16(f))
    return no(
      'unsupported',
      'Needs shader-f16, which this GPU does not offer; use a q4f32_1 variant.',
      'needs-f16',
    );
  if (f.maxStorageBuffersPerShaderStage < WEBLLM_NEEDS.storageBuffersPerStage)
    return {
      kind: 'too-big',
      fitsMemory: false,
      reason: `GPU offers ${f.maxStorageBuffersPerShaderStage} storage buffers per shader stage; WebLLM needs ${WEBLLM_NEEDS.storageBuffersPerStage}.`,
      warnings,
    };
  if (f.maxComputeWorkgroupStorageSize < WEBLLM_NEEDS.workgroupStorageBytes)
    return {
      kind: 'too-big',
      fitsMemory: false,
      reason: 'GPU workgroup storage is below the 32 KiB WebLLM needs.',
      warnings,
    };
  const binding = Math.min(f.maxStorageBufferBindingSize, f.maxBufferSize);
  if (
    binding < WEBLLM_NEEDS.lowResourceBindingBytes ||
    (binding < WEBLLM_NEEDS.bufferBytes && !model.lowResource)
  )
    return {
      kind: 'too-big',
      fitsMemory: false,
      reason: `GPU buffers are limited to ${Math.round(binding / MiB)} MiB; this model needs 1024 MiB.`,
      warnings,
    };

  const free = freeStorageMB(facts);
  if (!opts.stored && free !== undefined && model.downloadMB > free)
    return no(
      'no-storage',
      `Needs about ${fmtMB(model.downloadMB)} of storage; ${fmtMB(free)} is free for this site.`,
    );
  // It would load, but a CPU-emulated GPU writes a fraction of a token per second: never offered
  // as "runs", only behind the row's "this would be far too slow here" confirmation.
  if (isSoftwareAdapter(f))
    return no(
      'too-slow',
      'Far too slow here: the browser offers only a software stand-in for a graphics chip, so this model would be far too slow to use.',
      'software-adapter',
    );
  return {
    kind: 'runs',
    runsOn: 'webgpu',
    fitsMemory: fitsMemory(model, facts),
    reason: model.memoryMB
      ? `Should run: needs about ${fmtMB(model.memoryMB)} of GPU memory.`
      : 'Passes the GPU checks (memory need unknown).',
    warnings,
  };
}

/** Why WebLLM can run nothing on this device, in one sentence (undefined: it may run models). */
export function unavailableReason(facts: DeviceFacts): string | undefined {
  const f = facts.gpu;
  if (!f.webgpu) return 'No local model can run here because this browser has no WebGPU.';
  if (!f.adapter)
    return 'No local model can run here because WebGPU offers no GPU adapter (hardware acceleration may be off).';
  if (isSoftwareAdapter(f))
    return 'No local model is recommended because this GPU is a software (CPU-emulated) adapter, on which a model would be far too slow to use.';
  return undefined;
}

/** The error WebLLM itself would end with, named as WebLLM names it (errors.ts classifies it). */
function webllmError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Verdicts after which a download is pointless (WebLLM would fail only after gigabytes). */
export function refusalFor(verdict: Verdict): Error | undefined {
  if (verdict.detail === 'needs-f16') return webllmError('ShaderF16SupportError', verdict.reason);
  if (verdict.detail === 'no-webgpu') return webllmError('WebGPUNotAvailableError', verdict.reason);
  return undefined;
}
