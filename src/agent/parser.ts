// Tolerant parser for one model reply. Small local models break the CodeAct format in
// many small ways (missing closing tag, fenced code, stray whitespace in tags), so this
// accepts what a careful human reader would accept and reports what it could not use.
import type { FinishReason } from '../engine/engines/types';
import { dedentCode } from './code-text';
import { splitReasoning, type ReasoningTags } from './reasoning';

export const EXECUTE_CLOSE = '</execute>';

const OPEN_TAG = /<\s*execute\s*>/gi;
const CLOSE_TAG = /<\s*\/\s*execute\s*>/i;
const SOLUTION = /<\s*solution\s*>([\s\S]*?)(?:<\s*\/\s*solution\s*>|$)/i;
// A thought ends at its closing tag, or (when the model forgets it) at the next action.
const THOUGHT =
  /<\s*thought\s*>([\s\S]*?)(?:<\s*\/\s*thought\s*>|(?=<\s*(?:execute|solution)\s*>)|$)/gi;
const FENCE = /```[ \t]*(python3?|py)[ \t]*\n([\s\S]*?)(?:\n?[ \t]*```|$)/gi;

export type ParseIssue =
  | 'empty-code'
  | 'unclosed-at-length'
  | 'reasoning-unclosed'
  /** The reasoning closed and nothing followed it: an unfinished turn, not an empty answer. */
  | 'reasoning-only';

export interface ParseOptions {
  finishReason: FinishReason;
  /** Accept ```python fences as actions when the reply has no <execute> tag (generic dialect). */
  acceptFenced: boolean;
  /** The model's reasoning tags: the block is set apart and never parsed for actions or answers. */
  reasoning?: ReasoningTags;
}

export interface ParsedReply {
  /** What the history stores: the engine's text, plus `</execute>` when the reply was cut there. */
  stored: string;
  /** `action`: run `code`; `final`: the answer; `invalid`: an action that cannot run (see `issue`). */
  kind: 'action' | 'final' | 'invalid';
  /** The code of every action block, in order (several blocks run together). */
  blocks: string[];
  code: string;
  issue?: ParseIssue;
  thoughts: string[];
  solution?: string;
  /** The reply as shown to the user: thought blocks removed, solution tags unwrapped. */
  display: string;
  /** An `<execute>` block is still open at the end of the text. */
  openAction: boolean;
  /** The reasoning block's text ('' when there is none). */
  reasoning: string;
  /** The reasoning block never closed (cut by a limit or a stop, or malformed). */
  openReasoning: boolean;
}

interface Blocks {
  blocks: string[];
  /** Code of a trailing block whose closing tag is missing, if any. */
  open?: string;
  /** Index in the text where a leaked fragment of the closing tag starts (e.g. `</exec`). */
  fragmentAt?: number;
  /** Fenced blocks: where the last closed fence ends (what follows it is not kept: see below). */
  end?: number;
}

/** Every `<execute>` block; a nested opener restarts the block (the model began again). */
function findExecuteBlocks(text: string): Blocks {
  const blocks: string[] = [];
  OPEN_TAG.lastIndex = 0;
  let opener = OPEN_TAG.exec(text);
  while (opener) {
    const start = opener.index + opener[0].length;
    const rest = text.slice(start);
    const close = CLOSE_TAG.exec(rest);
    if (!close) return { blocks, ...openBlock(text, start) };
    blocks.push(afterLastOpener(rest.slice(0, close.index)));
    OPEN_TAG.lastIndex = start + close.index + close[0].length;
    opener = OPEN_TAG.exec(text);
  }
  return { blocks };
}

function openBlock(text: string, start: number): { open: string; fragmentAt?: number } {
  // A stream can end inside the closing tag (`</execute` without `>`): drop that fragment.
  for (let k = EXECUTE_CLOSE.length - 1; k >= 2; k--) {
    if (text.endsWith(EXECUTE_CLOSE.slice(0, k)) && text.length - k >= start) {
      const at = text.length - k;
      return { open: afterLastOpener(text.slice(start, at)), fragmentAt: at };
    }
  }
  return { open: afterLastOpener(text.slice(start)) };
}

function afterLastOpener(code: string): string {
  const parts = code.split(/<\s*execute\s*>/i);
  return parts[parts.length - 1] ?? '';
}

/**
 * A model sometimes wraps the code inside <execute> in a Markdown fence: unwrap it. Small
 * models also put the fence around the tags and close it inside the block (```python,
 * <execute>, code, ```, prose, </execute>): a lone fence line is never Python (it would be a
 * SyntaxError), so the code ends there, unless a triple-quoted string may hold it.
 */
function unfence(code: string): string {
  const m = /^\s*```[\w+-]*[ \t]*\n([\s\S]*?)\n?[ \t]*(?:```)?\s*$/.exec(code);
  if (m) return m[1] ?? '';
  const body = code.replace(/^\s*```[\w+-]*[ \t]*\n/, '');
  const fence = /^[ \t]*```[ \t]*$/m.exec(body);
  if (!fence) return body;
  const before = body.slice(0, fence.index);
  return /"""|'''/.test(before) ? body : `${before.trimEnd()}\n`;
}

function findFencedBlocks(text: string): Blocks {
  const blocks: string[] = [];
  let open: string | undefined;
  let end: number | undefined;
  FENCE.lastIndex = 0;
  for (let m = FENCE.exec(text); m; m = FENCE.exec(text)) {
    const closed = text.slice(m.index + m[0].length - 3, m.index + m[0].length) === '```';
    if (closed) {
      blocks.push(m[2] ?? '');
      end = m.index + m[0].length;
    } else open = m[2] ?? '';
  }
  return { blocks, ...(open === undefined ? {} : { open }), ...(end === undefined ? {} : { end }) };
}

function thoughtsOf(text: string): string[] {
  return [...text.matchAll(THOUGHT)].map((m) => (m[1] ?? '').trim()).filter((t) => t !== '');
}

function displayOf(text: string): string {
  return text
    .replace(THOUGHT, '')
    .replace(/<\s*\/?\s*solution\s*>/gi, '')
    .trim();
}

export function parseReply(text: string, opts: ParseOptions): ParsedReply {
  const split = splitReasoning(text, opts.reasoning);
  const base = {
    stored: text,
    thoughts: [] as string[],
    display: '',
    blocks: [],
    code: '',
    openAction: false,
    reasoning: split.reasoning,
    openReasoning: split.unclosed,
  };
  if (split.unclosed) {
    // Nothing after the reasoning to act on. Stored with the block closed, so the next
    // request does not continue inside it.
    const stored = `${text}\n${opts.reasoning?.close ?? ''}`;
    return { ...base, stored, kind: 'invalid', issue: 'reasoning-unclosed' };
  }
  const offset = split.answerStart;
  if (split.present && text.slice(offset).trim() === '')
    return { ...base, kind: 'invalid', issue: 'reasoning-only' };
  const parsed = parseAnswer(text.slice(offset), opts);
  // The reasoning stays in what is stored (it is the engine's text; see History for when it goes).
  return { ...base, ...parsed, stored: text.slice(0, offset) + parsed.stored };
}

type AnswerParse = Omit<ParsedReply, 'reasoning' | 'openReasoning'>;

/** The reply after its reasoning (all of it for models that do not reason). */
function parseAnswer(text: string, opts: ParseOptions): AnswerParse {
  const thoughts = thoughtsOf(text);
  const display = displayOf(text);
  const base = { stored: text, thoughts, display, blocks: [], code: '', openAction: false };
  const solution = SOLUTION.exec(text);
  // As in CodeAct's MINT setting: a reply that proposes a solution is an answer, not an action.
  if (solution) return { ...base, kind: 'final', solution: (solution[1] ?? '').trim() };

  const hasTag = /<\s*execute\s*>/i.test(text);
  const found = hasTag
    ? findExecuteBlocks(text)
    : opts.acceptFenced
      ? findFencedBlocks(text)
      : { blocks: [] };
  if (found.blocks.length === 0 && found.open === undefined) return { ...base, kind: 'final' };

  const blocks = [...found.blocks];
  // A fenced action has no stop string to end the reply, so a model goes on after its code:
  // an ```output block it made up, then an answer from it (a 1.5B model answered 497.58 while its
  // code printed 1380.51). As after `</execute>`, what follows the last block is not kept: the
  // person and the model see the real output instead.
  let stored =
    !hasTag && found.open === undefined && found.end !== undefined
      ? text.slice(0, found.end)
      : text;
  const openAction = hasTag && found.open !== undefined;
  if (found.open !== undefined) {
    if (opts.finishReason !== 'stop') {
      // Cut by the length limit (or an abort): the code is incomplete, never run it.
      return { ...base, openAction, kind: 'invalid', issue: 'unclosed-at-length' };
    }
    // Stopped at the `</execute>` stop string: a complete action. Store the closing tag
    // again, because the model was trained on turns that contain it.
    blocks.push(found.open);
    if (hasTag) stored = text.slice(0, found.fragmentAt ?? text.length) + EXECUTE_CLOSE;
  }
  const cleaned = blocks.map((b) => dedentCode(unfence(b)));
  const code = cleaned.filter((b) => b.trim() !== '').join('\n');
  if (code.trim() === '') return { ...base, stored, kind: 'invalid', issue: 'empty-code' };
  return { ...base, stored, display: displayOf(stored), kind: 'action', blocks: cleaned, code };
}
