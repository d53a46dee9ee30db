// What the device offers, as facts only. The probe (probe.ts) gathers them once; each backend's
// runtime turns them into its own verdicts (LocalRuntime.verdict), so nothing here says whether a
// model runs.

/** WebGPU: the adapter WebLLM and WebGPU builds of llama.cpp would load on. */
export interface GpuFacts {
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
}

/** The CPU side, for backends that run WebAssembly on the CPU. */
export interface CpuFacts {
  /** `navigator.hardwareConcurrency` (logical cores; 1 when not reported). */
  hardwareThreads: number;
  /** `crossOriginIsolated`: SharedArrayBuffer works, so multi-threaded WebAssembly can run. */
  crossOriginIsolated: boolean;
}

export interface StorageFacts {
  /** From navigator.storage.estimate(); undefined when unknown. */
  quotaBytes?: number;
  usageBytes?: number;
  /** Result of navigator.storage.persist(); undefined when not asked or unsupported. */
  persisted?: boolean;
}

export interface DeviceFacts {
  gpu: GpuFacts;
  cpu: CpuFacts;
  /** `navigator.deviceMemory` (RAM in GB, at most 8 in Chromium); undefined where not reported. */
  deviceMemoryGB?: number;
  storage: StorageFacts;
}
