// Browser storage facts shown to the user: usage against quota, and whether the
// origin's storage is persistent (not evicted under pressure - the model weights
// and Pyodide packages are large and slow to fetch again).

export interface StorageStatus {
  usageBytes: number;
  quotaBytes: number;
  persisted: boolean;
  supported: boolean;
}

export async function storageStatus(): Promise<StorageStatus> {
  const s = navigator.storage;
  if (!s?.estimate) return { usageBytes: 0, quotaBytes: 0, persisted: false, supported: false };
  const [est, persisted] = await Promise.all([
    s.estimate(),
    s.persisted?.() ?? Promise.resolve(false),
  ]);
  return { usageBytes: est.usage ?? 0, quotaBytes: est.quota ?? 0, persisted, supported: true };
}

/** Ask the browser not to evict this origin's data; resolves to whether it agreed. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
