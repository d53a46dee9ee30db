// GPU pre-flight: pure verdicts per catalog model from facts gathered once (see gpu-probe.ts).
import { needsShaderF16, type CatalogModel } from '../supply/catalog-types';
import type { Verdict } from './verdict';

export interface AdapterFacts {
  /** `navigator.gpu` exists. */
  webgpu: boolean;
  /** `requestAdapter()` returned an adapter. */
  adapter: boolean;
  isFallbackAdapter: boolean;
  vendor: string;
  architecture: string;
  description: string;
  features: string[];
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxStorageBuffersPerShaderStage: number;
  maxComputeWorkgroupStorageSize: number;
  /** `navigator.deviceMemory` (RAM in GB, at most 8 in Chromium); undefined where not reported. */
  deviceMemoryGB?: number;
  /** From navigator.storage.estimate(); undefined when unknown. */
  storageQuotaBytes?: number;
  storageUsageBytes?: number;
  /** Result of navigator.storage.persist(); undefined when not asked or unsupported. */
  persisted?: boolean;
}

export type { Verdict, VerdictKind } from './verdict';

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

export function isSoftwareAdapter(f: AdapterFacts): boolean {
  return (
    f.isFallbackAdapter ||
    /swiftshader|llvmpipe|lavapipe|software/i.test(`${f.architecture} ${f.description}`)
  );
}

export const hasShaderF16 = (f: AdapterFacts): boolean => f.features.includes('shader-f16');

export function verdictFor(
  model: CatalogModel,
  f: AdapterFacts,
  opts: { cached?: boolean } = {},
): Verdict {
  const warnings: string[] = [];
  if (!f.webgpu) return { kind: 'no-webgpu', reason: 'This browser has no WebGPU.', warnings };
  if (!f.adapter)
    return { kind: 'no-webgpu', reason: 'WebGPU is present but offers no GPU adapter.', warnings };
  if (isSoftwareAdapter(f))
    warnings.push('Software (CPU-emulated) GPU adapter: generation will be extremely slow.');
  if (f.persisted === false)
    warnings.push('Storage is not persistent: the browser may evict the model.');

  if (needsShaderF16(model) && !hasShaderF16(f))
    return {
      kind: 'needs-f16',
      reason: 'Needs shader-f16, which this GPU does not offer; use a q4f32_1 variant.',
      warnings,
    };
  if (f.maxStorageBuffersPerShaderStage < WEBLLM_NEEDS.storageBuffersPerStage)
    return {
      kind: 'too-big',
      reason: `GPU offers ${f.maxStorageBuffersPerShaderStage} storage buffers per shader stage; WebLLM needs ${WEBLLM_NEEDS.storageBuffersPerStage}.`,
      warnings,
    };
  if (f.maxComputeWorkgroupStorageSize < WEBLLM_NEEDS.workgroupStorageBytes)
    return {
      kind: 'too-big',
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
      reason: `GPU buffers are limited to ${Math.round(binding / MiB)} MiB; this model needs 1024 MiB.`,
      warnings,
    };

  const downloadBytes = model.downloadMB * MiB;
  if (!opts.cached && f.storageQuotaBytes !== undefined) {
    const free = f.storageQuotaBytes - (f.storageUsageBytes ?? 0);
    if (downloadBytes > free)
      return {
        kind: 'no-storage',
        reason: `Needs about ${fmtMB(model.downloadMB)} of storage; ${fmtMB(free / MiB)} is free for this site.`,
        warnings,
      };
  }
  return {
    kind: 'runs',
    reason: model.vramMB
      ? `Should run: needs about ${fmtMB(model.vramMB)} of GPU memory.`
      : 'Passes the GPU checks (memory need unknown).',
    warnings,
  };
}

export function verdictsFor(
  models: readonly CatalogModel[],
  f: AdapterFacts,
  cached: ReadonlySet<string> = new Set(),
): Map<string, Verdict> {
  return new Map(models.map((m) => [m.id, verdictFor(m, f, { cached: cached.has(m.id) })]));
}

export function fmtMB(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** Human summary of the adapter for the pre-flight banner. */
export function describeAdapter(f: AdapterFacts): string {
  if (!f.webgpu) return 'No WebGPU in this browser';
  if (!f.adapter) return 'WebGPU without a usable adapter';
  const name = [f.vendor, f.architecture, f.description].filter(Boolean).join(' ') || 'unknown GPU';
  const kind = isSoftwareAdapter(f) ? 'software adapter' : 'hardware adapter';
  const f16 = hasShaderF16(f) ? 'shader-f16 available' : 'no shader-f16 (q4f32 models only)';
  return `${name} (${kind}); ${f16}`;
}
