// Turns a RunResult into the text the model sees, in the CodeAct chat format
// (`Execution Output:\n…`, images as a placeholder, head and tail of long output).
import type { RunOutput, RunResult } from '../runtime/types';

export const OBSERVATION_PREFIX = 'Execution Output:\n';
export const IMAGE_PLACEHOLDER = '[An image is displayed to the user.]';
export const NO_OUTPUT = '[Code executed successfully with no output]';
export const INTERRUPTED = '[Execution interrupted by the user]';
/** Characters kept from each end of a long output. */
export const KEEP_CHARS = 2000;
export const TRUNCATION_MARKER = '\n... [Output truncated due to length] ...\n';

/** First and last `keep` characters with a marker between, when the text is longer than both. */
export function truncateMiddle(text: string, keep = KEEP_CHARS): string {
  if (text.length <= 2 * keep) return text;
  return text.slice(0, keep) + TRUNCATION_MARKER + text.slice(text.length - keep);
}

export function timeoutNote(timeoutMs: number): string {
  const s = timeoutMs / 1000;
  const shown = s >= 10 || Number.isInteger(s) ? String(Math.round(s)) : s.toFixed(1);
  return `[Execution timed out after ${shown} s]`;
}

export function restartNote(reason?: string): string {
  const why = reason ? ` (${reason})` : '';
  return `[The Python runtime was restarted${why}: all variables, imports and functions defined earlier were lost.]`;
}

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
  const trace = error.traceback.trim() || `${error.ename}: ${error.evalue}`;
  return shown.includes(trace) ? '' : trace;
}

/** The observation body (without the prefix) for one run. */
export function formatRunResult(result: RunResult, timeoutMs: number): string {
  const shown = joinOutputs(result);
  const error = errorText(result, shown);
  let body = shown;
  if (error) body += (body === '' || body.endsWith('\n') ? '' : '\n') + error;
  body = truncateMiddle(body.replace(/\s+$/, ''));
  const notes: string[] = [];
  if (result.truncated) notes.push("[Output was cut at the runtime's output limit]");
  if (result.timedOut) notes.push(timeoutNote(timeoutMs));
  else if (result.interrupted) notes.push(INTERRUPTED);
  const head = result.restarted ? [restartNote(result.restartReason)] : [];
  const main = body !== '' ? [body] : notes.length === 0 ? [NO_OUTPUT] : [];
  return [...head, ...main, ...notes].join('\n');
}

export function observationMessage(body: string): string {
  return OBSERVATION_PREFIX + body;
}
