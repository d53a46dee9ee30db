// Gathers AdapterFacts in the browser. Queries navigator.gpu directly: WebLLM's own probes create a
// GPUDevice per call (reference §1.2), which is too heavy for a capability check. It asks for the
// adapter WebLLM will load on (tvmjs detectGPUDevice: powerPreference "high-performance"), so on a
// dual-GPU laptop the features and limits checked are those of the GPU that runs the model.
import type { AdapterFacts } from './preflight';

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
export const WEBLLM_ADAPTER_OPTIONS = { powerPreference: 'high-performance' } as const;

export async function probeAdapter(opts: { askPersist?: boolean } = {}): Promise<AdapterFacts> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  const facts: AdapterFacts = {
    webgpu: !!gpu,
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
  };
  if (gpu) {
    const adapter = await gpu.requestAdapter(WEBLLM_ADAPTER_OPTIONS).catch(() => null);
    if (adapter) {
      const info = adapter.info ?? {};
      Object.assign(facts, {
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
      });
    }
  }
  const memory = (navigator as { deviceMemory?: unknown }).deviceMemory;
  if (typeof memory === 'number' && memory > 0) facts.deviceMemoryGB = memory;
  const storage = navigator.storage;
  if (storage?.estimate) {
    const est = await storage.estimate().catch(() => undefined);
    facts.storageQuotaBytes = est?.quota;
    facts.storageUsageBytes = est?.usage;
  }
  if (opts.askPersist && storage?.persist)
    facts.persisted = await storage.persist().catch(() => false);
  return facts;
}
