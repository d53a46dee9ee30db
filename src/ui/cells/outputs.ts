// Groups a run's outputs for display: consecutive stream chunks of the same stream are joined
// (they arrive in small pieces), everything else stays one block each.
import type { RunOutput } from '../../runtime/types';

export type OutputBlock =
  | { kind: 'stdout' | 'stderr'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'html'; html: string; text: string }
  | { kind: 'png'; data: string };

/** Add a streamed output to a cell, appending to the last chunk of the same stream (a flood of
 *  batches stays one output, so rendering and saving it do not grow with the number of batches). */
export function appendOutput(outputs: RunOutput[], o: RunOutput): void {
  const last = outputs[outputs.length - 1];
  if (o.type === 'stream' && last?.type === 'stream' && last.name === o.name) last.text += o.text;
  else outputs.push(o);
}

export function outputBlocks(outputs: readonly RunOutput[]): OutputBlock[] {
  const blocks: OutputBlock[] = [];
  for (const o of outputs) {
    const last = blocks[blocks.length - 1];
    if (o.type === 'stream') {
      if (last && last.kind === o.name) last.text += o.text;
      else blocks.push({ kind: o.name, text: o.text });
    } else if (o.type === 'text') blocks.push({ kind: 'text', text: o.text });
    else if (o.type === 'html') blocks.push({ kind: 'html', html: o.html, text: o.text });
    else blocks.push({ kind: 'png', data: o.data });
  }
  return blocks;
}

/** Lines shown before "show all". */
export const COLLAPSE_LINES = 30;

export function collapse(text: string, expanded: boolean): { shown: string; hidden: number } {
  if (expanded) return { shown: text, hidden: 0 };
  // A flood can be a megabyte: find the cut with indexOf instead of splitting every line.
  let cut = -1;
  let at = -1;
  let lines = 1;
  while ((at = text.indexOf('\n', at + 1)) !== -1) {
    lines++;
    if (lines === COLLAPSE_LINES + 1) cut = at;
  }
  if (lines <= COLLAPSE_LINES + 5) return { shown: text, hidden: 0 };
  return { shown: text.slice(0, cut), hidden: lines - COLLAPSE_LINES };
}

export function pngDataUrl(b64: string): string {
  return `data:image/png;base64,${b64.replace(/[^A-Za-z0-9+/=]/g, '')}`;
}
