// Streaming replies grow at the end only, so a reply split into top-level markdown blocks
// changes only in its last block. Rendering block by block, and reusing the HTML of blocks
// that did not change, keeps each streamed update's cost independent of the reply's length.

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s/;

/**
 * Splits markdown at blank lines that end a top-level block: never inside a fenced code
 * block, never before an indented line (a continuation), never between two list items
 * (a loose list stays one list).
 */
export function splitBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let cur: string[] = [];
  let fence: string | null = null;
  let lastContent = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (f) {
      const marker = f[1]!;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    }
    if (fence === null && line.trim() === '' && cur.length > 0) {
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      const continues =
        next !== undefined &&
        (/^\s/.test(next) || (LIST_ITEM.test(next) && LIST_ITEM.test(lastContent)));
      if (next !== undefined && !continues) {
        blocks.push(cur.join('\n'));
        cur = [];
        continue;
      }
    }
    cur.push(line);
    if (line.trim() !== '' && !/^\s/.test(line)) lastContent = line;
  }
  if (cur.length) blocks.push(cur.join('\n'));
  return blocks;
}

/** Renders block by block, reusing the HTML of blocks seen in the previous call. */
export class BlockRenderer {
  #cache = new Map<string, string>();
  constructor(private readonly renderBlock: (markdown: string, partial: boolean) => string) {}

  render(text: string, partial: boolean): string {
    const blocks = splitBlocks(text);
    const next = new Map<string, string>();
    const out = blocks.map((b, i) => {
      const last = i === blocks.length - 1;
      // The last block of a streaming reply is still growing: always render it afresh.
      const html =
        (!(last && partial) && this.#cache.get(b)) || this.renderBlock(b, last && partial);
      if (!(last && partial)) next.set(b, html);
      return html;
    });
    this.#cache = next;
    return out.join('\n');
  }
}
