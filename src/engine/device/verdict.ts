// A model's pre-flight verdict: what the device check says, and what the catalog reads to pick a
// default. Its own module so the catalog and the pre-flight need not import each other.

export type VerdictKind = 'runs' | 'too-big' | 'needs-f16' | 'no-webgpu' | 'no-storage';

export interface Verdict {
  kind: VerdictKind;
  /** One sentence for the UI. */
  reason: string;
  /** Non-blocking notes (software adapter, storage not persistent). */
  warnings: string[];
}
