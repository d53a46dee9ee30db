// Splits a (possibly still streaming) model reply into what the conversation shows as prose,
// the `<thought>` notes and the reasoning block (`<think>…</think>`), both shown collapsed.
// `<execute>` blocks are shown as code cells instead, so they are cut out of the prose,
// including one still being written; one inside the reasoning stays reasoning text.
import { mayOpenReasoning, splitReasoning, type ReasoningTags } from '../../agent/reasoning';

export interface ReplyParts {
  prose: string;
  thought: string;
  /** The reasoning block's text ('' when there is none). */
  reasoning: string;
  /** The reasoning block is still open (streaming, or never closed). */
  reasoningOpen: boolean;
}

/** Reasoning formats of the catalog's series (families.ts); the display knows them all. */
const REASONING_TAGS: readonly ReasoningTags[] = [
  { open: '<think>', close: '</think>' },
  { open: '<|channel>thought', close: '<channel|>' },
];

function cutBlocks(text: string, tag: string, keep: (inner: string) => void): string {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  let out = '';
  let rest = text;
  for (;;) {
    const start = rest.indexOf(open);
    if (start === -1) break;
    out += rest.slice(0, start);
    const end = rest.indexOf(close, start + open.length);
    if (end === -1) {
      keep(rest.slice(start + open.length));
      rest = '';
      break;
    }
    keep(rest.slice(start + open.length, end));
    rest = rest.slice(end + close.length);
  }
  // A tag cut in the middle while streaming ("<exe") is hidden until it completes.
  const partial = rest.match(/<\/?[a-z]*$/);
  if (partial && (open.startsWith(partial[0]) || close.startsWith(partial[0])))
    rest = rest.slice(0, partial.index);
  return out + rest;
}

export function splitReply(text: string): ReplyParts {
  let reasoning = '';
  let reasoningOpen = false;
  for (const tags of REASONING_TAGS) {
    if (mayOpenReasoning(text, tags))
      return { prose: '', thought: '', reasoning: '', reasoningOpen: false };
    const split = splitReasoning(text, tags);
    if (!split.present) continue;
    reasoning = split.reasoning;
    reasoningOpen = split.unclosed;
    text = text.slice(split.answerStart);
    break;
  }
  const thoughts: string[] = [];
  let prose = cutBlocks(text, 'thought', (t) => thoughts.push(t.trim()));
  prose = cutBlocks(prose, 'execute', () => {});
  // The final answer stays visible; only its tags go.
  prose = prose.replace(/<\/?solution>/g, '');
  return {
    prose: prose.replace(/\n{3,}/g, '\n\n').trim(),
    thought: thoughts.filter(Boolean).join('\n\n'),
    reasoning,
    reasoningOpen,
  };
}

/**
 * Closes what streaming leaves open so the partial text renders as it will when complete:
 * an unterminated ``` fence would otherwise swallow nothing visible until its end arrives.
 */
export function closePartialMarkdown(text: string): string {
  const fences = text.match(/^\s{0,3}(`{3,}|~{3,})/gm) ?? [];
  return fences.length % 2 === 1 ? `${text}\n${fences[fences.length - 1]!.trim()}` : text;
}
