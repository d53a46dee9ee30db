// Device facts for tests, written flat (the GPU's fields next to memory and storage) as a device
// profile reads, then nested the way the probe reports them (src/engine/device/facts.ts).
import type { DeviceFacts, GpuFacts } from '../../src/engine/device/facts';

export interface FlatFacts extends GpuFacts {
  deviceMemoryGB?: number;
  storageQuotaBytes?: number;
  storageUsageBytes?: number;
  persisted?: boolean;
  hardwareThreads?: number;
  crossOriginIsolated?: boolean;
}

export function deviceFacts(f: FlatFacts): DeviceFacts {
  const {
    deviceMemoryGB,
    storageQuotaBytes,
    storageUsageBytes,
    persisted,
    hardwareThreads,
    crossOriginIsolated,
    ...gpu
  } = f;
  return {
    gpu,
    cpu: { hardwareThreads: hardwareThreads ?? 4, crossOriginIsolated: !!crossOriginIsolated },
    ...(deviceMemoryGB === undefined ? {} : { deviceMemoryGB }),
    storage: { quotaBytes: storageQuotaBytes, usageBytes: storageUsageBytes, persisted },
  };
}
