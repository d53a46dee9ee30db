// A backend's pre-flight answer for one model on this device, and the context windows it offers:
// plain data that the device advice (recommend.ts) and the Models panel read. The backends make
// them (LocalRuntime.verdict, LocalRuntime.contextPlan, src/engine/local/runtime.ts).

/** Where a model would compute. */
export type ComputeTarget = 'webgpu' | 'cpu';

/**
 * `too-slow`: it would load, but so slowly that it is no use (a WebGPU model on a software GPU);
 * offered only after the user confirms they want it anyway.
 */
export type VerdictKind = 'runs' | 'too-slow' | 'unsupported' | 'too-big' | 'no-storage';

/** A runtime's pre-flight answer for one model on this device (plain data, shown on the card). */
export interface Verdict {
  kind: VerdictKind;
  /** The backend's own, more specific name when not `runs` (`no-webgpu`, `needs-f16`, `no-threads`). */
  detail?: string;
  /** Where it would run (`runs` only). */
  runsOn?: ComputeTarget;
  /** Whether the model fits this device's memory estimate (true when unknown). */
  fitsMemory: boolean;
  /** One sentence for the UI. */
  reason: string;
  /** Non-blocking notes (software adapter, single thread, storage not persistent). */
  warnings: string[];
}

/** One context window offered for a model on this device. */
export interface ContextOption {
  tokens: number;
  /** Estimated memory with this window, MB. */
  needMB: number;
  /** `fits`: within the estimate; `unknown`: no estimate; `over`: shown although over it. */
  fit: 'fits' | 'unknown' | 'over';
}

export interface ContextPlan {
  options: ContextOption[];
  /** The window to load with unless the user picks another. */
  recommended: number;
  budgetMB?: number;
  /** One sentence for the UI: why this is the choice. */
  reason: string;
}
