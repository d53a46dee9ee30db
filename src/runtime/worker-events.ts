// Output batches from the worker, checked before they reach the UI: the JSON text is produced in
// the worker, where Python code can call the runtime's emit function itself, so a malformed or
// forged batch must neither throw in the page nor smuggle in an output of an unknown shape.
import type { RunOutput } from '../../workers/contracts/python';

const isString = (v: unknown): v is string => typeof v === 'string';

function isOutput(o: unknown): o is RunOutput {
  if (!o || typeof o !== 'object') return false;
  const r = o as Record<string, unknown>;
  switch (r.type) {
    case 'stream':
      return (r.name === 'stdout' || r.name === 'stderr') && isString(r.text);
    case 'text':
      return isString(r.text);
    case 'html':
      return isString(r.html) && isString(r.text);
    case 'png':
      return isString(r.data);
    default:
      return false;
  }
}

/** The well-formed outputs of one batch (a batch that is not JSON yields none). */
export function parseOutputBatch(json: unknown): RunOutput[] {
  if (!isString(json)) return [];
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return [];
  }
  return Array.isArray(list) ? list.filter(isOutput) : [];
}
