// The device facts in words, and the readings of them more than one backend needs.
import type { DeviceFacts, GpuFacts } from './facts';

export function isSoftwareAdapter(g: GpuFacts): boolean {
  return (
    g.isFallbackAdapter ||
    /swiftshader|llvmpipe|lavapipe|software/i.test(`${g.architecture} ${g.description}`)
  );
}

export const hasShaderF16 = (g: GpuFacts): boolean => g.features.includes('shader-f16');

/** Free storage for this site in MB; undefined when the browser does not say. */
export function freeStorageMB(f: DeviceFacts): number | undefined {
  const { quotaBytes, usageBytes } = f.storage;
  return quotaBytes === undefined ? undefined : (quotaBytes - (usageBytes ?? 0)) / 1024 ** 2;
}

export function fmtMB(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** Human summary of the GPU for the pre-flight banner. */
export function describeAdapter(g: GpuFacts): string {
  if (!g.webgpu) return 'No WebGPU in this browser';
  if (!g.adapter) return 'WebGPU without a usable adapter';
  const name = [g.vendor, g.architecture, g.description].filter(Boolean).join(' ') || 'unknown GPU';
  const kind = isSoftwareAdapter(g) ? 'software adapter' : 'hardware adapter';
  const f16 = hasShaderF16(g) ? 'shader-f16 available' : 'no shader-f16 (q4f32 models only)';
  return `${name} (${kind}); ${f16}`;
}

/**
 * Human summary of the CPU side (threads, and whether WebAssembly may use more than one), in
 * plain words: "cross-origin isolation" is the technical term, shown in the status details.
 */
export function describeCpu(f: DeviceFacts): string {
  const { hardwareThreads, crossOriginIsolated } = f.cpu;
  const threads = `${hardwareThreads} hardware thread${hardwareThreads === 1 ? '' : 's'}`;
  return crossOriginIsolated
    ? `${threads}, all usable by a model here`
    : `${threads}; this page lets a model use only one`;
}
