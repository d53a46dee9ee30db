// Turns a RunResult into the text the model sees, in the CodeAct chat format
// (`Execution Output:\n…`, images as a placeholder, head and tail of long output).
import type { RunOutput, RunResult } from '../runtime/types';
import {
  IMAGE_PLACEHOLDER,
  INTERRUPTED,
  MEMORY_NOTE,
  missingFileNote,
  missingPackageNote,
  NO_OUTPUT,
  OUTPUT_LIMIT_NOTE,
  restartNote,
  timeoutNote,
  TRUNCATION_MARKER,
} from './model-texts';

/** Characters kept from each end of a long output. */
export const KEEP_CHARS = 2000;

/** What the agent knows when it writes an observation (for the texts that say what to do). */
export interface ObservationContext {
  /** Packages that can be imported now (besides the standard library). */
  importable?: readonly string[];
  /** The files in /workspace, when known. */
  files?: readonly string[];
  /** The agent's tool functions, by name (where the data comes from, when there are any). */
  tools?: readonly string[];
}

/** First and last `keep` characters with a marker between, when the text is longer than both. */
export function truncateMiddle(text: string, keep = KEEP_CHARS): string {
  if (text.length <= 2 * keep) return text;
  return text.slice(0, keep) + TRUNCATION_MARKER + text.slice(text.length - keep);
}

/**
 * The packages a run could not import: the Python worker's own error for a package it could
 * not load (`Package 'numpy' is not available: …`) or Python's `No module named 'x'`.
 */
export function missingPackages(result: RunResult): string[] {
  const error = result.error;
  if (!error || error.ename !== 'ModuleNotFoundError') return [];
  const ours = /^Package (.+?) (?:is|are) not available/.exec(error.evalue);
  if (ours) return [...ours[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  const plain = /No module named '([^']+)'/.exec(error.evalue);
  return plain ? [plain[1]!.split('.')[0]!] : [];
}

const isMemoryError = (result: RunResult) =>
  result.error?.ename === 'MemoryError' || /memory/i.test(result.restartReason ?? '');

function outputText(output: RunOutput): string {
  switch (output.type) {
    case 'stream':
      return output.text;
    case 'text':
    case 'html':
      return output.text;
    case 'png':
      return IMAGE_PLACEHOLDER;
  }
}

/** Outputs in the order they happened; non-stream outputs each start on their own line. */
function joinOutputs(result: RunResult): string {
  if (result.outputs.length === 0) return result.stdout + result.stderr;
  let text = '';
  for (const output of result.outputs) {
    const piece = outputText(output);
    if (output.type !== 'stream' && text !== '' && !text.endsWith('\n')) text += '\n';
    text += piece;
    if (output.type !== 'stream' && !piece.endsWith('\n')) text += '\n';
  }
  return text;
}

/** The error part, unless the runtime already printed the same traceback into the output. */
function errorText(result: RunResult, shown: string): string {
  const error = result.error;
  if (!error) return '';
  // A timeout or a user interrupt is reported by its own note, not by its KeyboardInterrupt.
  if ((result.timedOut || result.interrupted) && /Interrupt|Timeout/.test(error.ename)) return '';
  // The runtime's text for a missing package is for the developer; the model gets its own.
  if (missingPackages(result).length > 0) return '';
  const trace = error.traceback.trim() || `${error.ename}: ${error.evalue}`;
  return shown.includes(trace) ? '' : trace;
}

/** The observation body (without the prefix) for one run. */
export function formatRunResult(
  result: RunResult,
  timeoutMs: number,
  ctx: ObservationContext = {},
): string {
  const shown = joinOutputs(result);
  const error = errorText(result, shown);
  let body = shown;
  if (error) body += (body === '' || body.endsWith('\n') ? '' : '\n') + error;
  body = body.replace(/\s+$/, '');
  const cut = body.length > 2 * KEEP_CHARS;
  body = truncateMiddle(body);
  const notes: string[] = [];
  const missing = missingPackages(result);
  if (missing.length > 0)
    notes.push(missingPackageNote(missing, ctx.importable ?? [], ctx.tools ?? []));
  if (result.error?.ename === 'FileNotFoundError' && ctx.files)
    notes.push(missingFileNote(ctx.files));
  if (isMemoryError(result)) notes.push(MEMORY_NOTE);
  if (result.truncated || cut) notes.push(OUTPUT_LIMIT_NOTE);
  if (result.timedOut) notes.push(timeoutNote(timeoutMs));
  else if (result.interrupted) notes.push(INTERRUPTED);
  const head = result.restarted ? [restartNote(result.restartReason)] : [];
  const main = body !== '' ? [body] : notes.length === 0 ? [NO_OUTPUT] : [];
  return [...head, ...main, ...notes].join('\n');
}
