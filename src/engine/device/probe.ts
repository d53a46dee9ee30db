// Gathers DeviceFacts in the browser, once. Queries navigator.gpu directly: WebLLM's own probes
// create a GPUDevice per call, which is too heavy for a capability check. It asks for the adapter a
// WebGPU backend will load on (tvmjs detectGPUDevice: powerPreference "high-performance"), so on a
// dual-GPU laptop the features and limits are those of the GPU that runs the model.
import type { DeviceFacts, GpuFacts } from './facts';

interface GpuLike {
  requestAdapter(opts?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<{
    features: ReadonlySet<string>;
    limits: Record<string, number>;
    info?: {
      vendor?: string;
      architecture?: string;
      description?: string;
      isFallbackAdapter?: boolean;
    };
    isFallbackAdapter?: boolean;
  } | null>;
}

/** The options WebLLM 0.2.86 passes to requestAdapter (lib/index.js, detectGPUDevice). */
export const ADAPTER_OPTIONS = { powerPreference: 'high-performance' } as const;

/** What a browser without WebGPU reports. */
export const NO_GPU: Readonly<GpuFacts> = Object.freeze({
  webgpu: false,
  adapter: false,
  isFallbackAdapter: false,
  vendor: '',
  architecture: '',
  description: '',
  features: [],
  maxBufferSize: 0,
  maxStorageBufferBindingSize: 0,
  maxStorageBuffersPerShaderStage: 0,
  maxComputeWorkgroupStorageSize: 0,
});

async function probeGpu(): Promise<GpuFacts> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  const facts: GpuFacts = { ...NO_GPU, features: [], webgpu: !!gpu };
  const adapter = gpu ? await gpu.requestAdapter(ADAPTER_OPTIONS).catch(() => null) : null;
  if (!adapter) return facts;
  const info = adapter.info ?? {};
  return {
    ...facts,
    adapter: true,
    isFallbackAdapter: !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    features: [...adapter.features].sort(),
    maxBufferSize: adapter.limits.maxBufferSize ?? 0,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize ?? 0,
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage ?? 0,
    maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize ?? 0,
  };
}

export async function probeDevice(opts: { askPersist?: boolean } = {}): Promise<DeviceFacts> {
  const threads = navigator.hardwareConcurrency;
  const facts: DeviceFacts = {
    gpu: await probeGpu(),
    cpu: {
      hardwareThreads: typeof threads === 'number' && threads > 0 ? threads : 1,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    },
    storage: {},
  };
  const memory = (navigator as { deviceMemory?: unknown }).deviceMemory;
  if (typeof memory === 'number' && memory > 0) facts.deviceMemoryGB = memory;
  const storage = navigator.storage;
  if (storage?.estimate) {
    const est = await storage.estimate().catch(() => undefined);
    facts.storage.quotaBytes = est?.quota;
    facts.storage.usageBytes = est?.usage;
  }
  if (opts.askPersist && storage?.persist)
    facts.storage.persisted = await storage.persist().catch(() => false);
  return facts;
}
