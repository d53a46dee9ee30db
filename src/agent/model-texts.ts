// Every text the agent itself puts into the model's context (never the model's own words).
// Written for the model: short, what happened, and what it can do instead. Anything meant for
// the person or the developer (how to make a package available offline, settings) belongs in
// user-notices.ts, which the UI shows next to the cell and the model never sees.
import type { ParseIssue } from './parser';

export const OBSERVATION_PREFIX = 'Execution Output:\n';
export const IMAGE_PLACEHOLDER = '[An image is displayed to the user.]';
export const NO_OUTPUT = '[Code executed successfully with no output]';
export const INTERRUPTED = '[The user stopped this run before it finished.]';
export const TRUNCATION_MARKER = '\n... [Output truncated due to length] ...\n';
export const OUTPUT_LIMIT_NOTE =
  '[The output was too long and was cut. Print less: a count, a summary or the first rows, not everything.]';

export function observationMessage(body: string): string {
  return OBSERVATION_PREFIX + body;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 || Number.isInteger(s) ? String(Math.round(s)) : s.toFixed(1);
}

export function timeoutNote(timeoutMs: number): string {
  return `[Execution timed out after ${seconds(timeoutMs)} s and was stopped. Make the code faster (a better algorithm, fewer iterations, smaller input) or split the work into smaller steps.]`;
}

export function restartNote(reason?: string): string {
  const why = reason ? ` (${reason})` : '';
  return `[The Python runtime was restarted${why}: all variables, imports and functions defined earlier were lost. Define what you need again.]`;
}

export function runtimeFailedNote(message: string): string {
  return `[The Python runtime failed: ${message}. Try again with simpler code.]`;
}

export const MEMORY_NOTE =
  '[The code ran out of memory. Work on smaller pieces of the data at a time, or use less memory (generators instead of lists, fewer copies).]';

/** The list of importable packages, as one short phrase. */
export function importableText(packages: readonly string[]): string {
  return packages.length === 0
    ? 'only the Python standard library'
    : `the Python standard library and ${packages.join(', ')}`;
}

/**
 * Where the data is when the agent has tool functions. Said after a missing package, a copied
 * worked example and an uncomputed answer: in those, 1.5B models went on importing pandas for a
 * data file that does not exist, or wrote the example again, instead of calling the tools.
 */
function toolsHint(tools: readonly string[]): string {
  if (tools.length === 0) return '';
  const one = tools.length === 1;
  return ` The data comes from the tool function${one ? '' : 's'} ${tools.join(', ')}, already defined: call ${one ? 'it' : 'them'}, and print what ${one ? 'it returns' : 'each returns'} before using it.`;
}

/** Replaces the runtime's own error for a package that cannot be imported here. */
export function missingPackageNote(
  names: readonly string[],
  importable: readonly string[],
  tools: readonly string[] = [],
): string {
  const list = names.join(', ');
  const these = names.length === 1 ? 'it' : 'them';
  return `[${list} cannot be imported here and cannot be installed. You can import ${importableText(importable)}. Do not import ${these} again: do the work with what can be imported (the standard library has math, statistics, csv, json, collections, itertools, re, datetime, fractions, decimal).${toolsHint(tools)}]`;
}

export function missingFileNote(files: readonly string[]): string {
  const there =
    files.length === 0
      ? 'There are no files in /workspace.'
      : `The files in /workspace: ${files.join(', ')}.`;
  return `[That file does not exist. ${there} Use one of these paths, or create the file first.]`;
}

export const EMPTY_CODE_OBSERVATION = observationMessage(
  '[No code was run: the <execute> block was empty. Put the Python code between <execute> and </execute>.]',
);

export const TOO_LONG_OBSERVATION = observationMessage(
  '[No code was run: the reply reached its length limit before the code block was closed. Write shorter code, or split the work into several smaller steps.]',
);

export function notRunObservation(why: string): string {
  return observationMessage(`[This code was not run: ${why}.]`);
}

export function reasoningUnclosedObservation(close: string): string {
  return observationMessage(
    `[No code was run: the reasoning never ended (no ${close} before the reply stopped). Reason more briefly, close it with ${close}, then write the code in <execute> … </execute>.]`,
  );
}

export const REASONING_ONLY_OBSERVATION = observationMessage(
  '[No code was run and no answer was given: the reply held only reasoning. Now write the code in <execute> … </execute>, or give the answer.]',
);

/** The observation for a reply that cannot be used as it is (see ParseIssue). */
export function issueObservation(issue: ParseIssue | undefined, reasoningClose: string): string {
  if (issue === 'empty-code') return EMPTY_CODE_OBSERVATION;
  if (issue === 'reasoning-unclosed') return reasoningUnclosedObservation(reasoningClose);
  if (issue === 'reasoning-only') return REASONING_ONLY_OBSERVATION;
  return TOO_LONG_OBSERVATION;
}

/** Added to an observation when the model repeats an action that ended the same way. */
export function repeatedActionNote(
  kind: 'error' | 'output' | 'alternating',
  error?: string,
): string {
  if (kind === 'alternating')
    return '[You are going back and forth between the same two pieces of code, and they give the same results as before. Change the approach.]';
  if (kind === 'output')
    return '[This is the same code as before and it gave the same output. Running it again will not help: change the approach, or give the final answer if you have it.]';
  const what = error ? ` The error was: ${error.replace(/\.?$/, '.')}` : '';
  return `[This is the same code as before and it failed the same way: change the approach.${what} Print the values the code works with (what each function returns) to find the cause.]`;
}

/**
 * For the model: its answer was not computed. The question is said again (as after a copied
 * worked example): asked only to "work it out in Python", 1.5B models wrote the prompt's example.
 */
export function uncomputedAnswerObservation(
  question: string,
  tools: readonly string[] = [],
): string {
  const said = quotedQuestion(question);
  const which = said ? `the user's question: "${said}"` : "the user's question";
  return observationMessage(
    `[No code was run for this answer, so it was not computed. Write Python code between <execute> and </execute> that computes the answer to ${which}${toolsHint(tools)} Then answer from the printed output. If the question needs no calculation, counting or data, give the same answer again.]`,
  );
}

/** Added when the model repeats a reply without a code action. */
export const REPEATED_REPLY_NOTE =
  '[This reply is the same as your previous one. Write different code between <execute> and </execute>, or give the final answer.]';

export const STOPPED_MARK = '[Reply stopped by the user.]';

export function manualRunMessage(code: string, body: string): string {
  return `I edited the code and ran it myself:\n\`\`\`python\n${code}\n\`\`\`\n${observationMessage(body)}`;
}

/** The assistant-side note that ends a message at the execution budget (seen by both). */
export function budgetNote(maxSteps: number): string {
  const runs = maxSteps === 1 ? '1 code execution' : `${maxSteps} code executions`;
  return `I stopped here: this message reached its limit of ${runs}. Send another message (for example "continue") if you want me to keep going.`;
}

/** The assistant-side note that ends a message when the model is stuck (seen by both). */
export function stuckNote(runs: number): string {
  return `I stopped here: I tried the same thing ${runs} times and it ended the same way each time, so trying again would not help. Send another message (for example a hint, or "try a different approach") to continue.`;
}

const listNames = (names: readonly string[]) => names.join(', ');

/** Leads the observation of a run whose own definitions of tool functions were left out. */
export function toolsKeptNote(names: readonly string[]): string {
  const one = names.length === 1;
  return `[Your code defined ${listNames(names)}, which ${one ? 'is a tool function' : 'are tool functions'} already defined with the real data. Your definition was left out and the tool was used. Call tool functions directly; never define them.]`;
}

/** Leads the observation of a run whose import of tool functions from a module was left out. */
export function toolsImportedNote(names: readonly string[]): string {
  const one = names.length === 1;
  return `[Your code imported ${listNames(names)} from a module, but ${one ? 'it is a tool function' : 'they are tool functions'} already defined here, in no module. That import was left out and the tool was used. Call tool functions directly, with no import.]`;
}

/** The code only (re)defined tool functions: nothing was left to run. */
export function onlyToolDefinitionsObservation(names: readonly string[]): string {
  const one = names.length === 1;
  return observationMessage(
    `[No code was run: it only defined ${listNames(names)}, which ${one ? 'is a tool function' : 'are tool functions'} already defined with the real data. Write code that calls ${one ? 'it' : 'them'} to answer the user's question.]`,
  );
}

const QUESTION_CHARS = 400;

/** The user's question on one line, cut at QUESTION_CHARS. */
function quotedQuestion(question: string): string {
  const q = question.trim().replace(/\s+/g, ' ');
  return q.length > QUESTION_CHARS ? `${q.slice(0, QUESTION_CHARS)}…` : q;
}

/**
 * The model wrote the prompt's worked example as its action. The user's question is said again:
 * a small model that copied the example goes on with the example's conversation otherwise.
 */
export function workedExampleObservation(question: string, tools: readonly string[] = []): string {
  const said = quotedQuestion(question);
  const again = said ? ` The user's question is: "${said}"` : '';
  return observationMessage(
    `[No code was run: this is the example from the instructions, not code for the user's question.${again} Write code that answers it.${toolsHint(tools)}]`,
  );
}
