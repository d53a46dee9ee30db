// Why no model can run here, for the empty state. (Until the engine pre-flight is wired in,
// this only checks that WebGPU exists at all.)
export async function noModelReason(): Promise<string> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu)
    return 'No model can run here: this browser has no WebGPU. The demos below still run real Python.';
  try {
    if (!(await gpu.requestAdapter()))
      return 'No model can run here: WebGPU is present but no GPU adapter is available. Try the demos below.';
  } catch {
    return 'No model can run here: the GPU adapter could not be queried. Try the demos below.';
  }
  return 'No model is loaded yet: open Models to download one, or try the demos below.';
}
