// System prompts for the two dialects and the stop strings that go with them.
// `codeact` follows the CodeAct chat demo's system prompt (what CodeActAgent-Mistral was
// tuned with), adapted to Pyodide; `generic` adds one short worked example, because
// instruct models that were not tuned on the format follow it less reliably.
import type { PythonTool } from '../runtime/types';
import type { PromptDialect } from './api';
import { EXECUTE_CLOSE } from './parser';
import type { ReasoningTags } from './reasoning';
import { formatToolList } from './tools';

export interface PromptContext {
  dialect: PromptDialect;
  /** Importable packages (besides the standard library). */
  packages: readonly string[];
  tools: readonly PythonTool[];
  online: boolean;
  /** The model reasons in these tags (a sentence says where actions go). */
  reasoning?: ReasoningTags;
}

/** End-of-turn strings of the chat template, by dialect (CodeActAgent's EOS is `</s>`). */
export const DEFAULT_END_TOKENS: Record<PromptDialect, string[]> = {
  codeact: ['<|im_end|>'],
  generic: [],
};

const MAX_LISTED_PACKAGES = 40;

/**
 * The request's stops in two kinds: `action` stops end a code action (they count only after
 * any reasoning), `end` stops are the chat template's end of turn.
 */
export function stopSets(
  dialect: PromptDialect,
  endTokens?: readonly string[],
): { action: string[]; end: string[] } {
  const action = [EXECUTE_CLOSE];
  // A generic model imitating the worked example may invent the tool's reply: cut it there.
  if (dialect === 'generic') action.push('Execution Output:');
  const end = [...new Set(endTokens ?? DEFAULT_END_TOKENS[dialect])].filter(
    (s) => s && !action.includes(s),
  );
  return { action, end };
}

export function stopStrings(dialect: PromptDialect, endTokens?: readonly string[]): string[] {
  const { action, end } = stopSets(dialect, endTokens);
  return [action[0]!, ...end, ...action.slice(1)];
}

function packagesSentence(packages: readonly string[], online: boolean): string {
  const listed = packages.slice(0, MAX_LISTED_PACKAGES).join(', ');
  const more =
    packages.length > MAX_LISTED_PACKAGES
      ? `, and ${packages.length - MAX_LISTED_PACKAGES} more`
      : '';
  const available = listed
    ? `Besides the Python standard library, these packages can be imported: ${listed}${more}.`
    : 'Only the Python standard library can be imported: no other package is installed.';
  if (online)
    return `${available} The assistant can install other pure-Python packages through PIP by <execute> !pip install [package needed] </execute>.`;
  return `${available} There is no internet access, so no other package can be installed.`;
}

function toolsBlock(tools: readonly PythonTool[]): string {
  if (tools.length === 0) return '';
  // "Call them, do not define them": small models otherwise write their own version with
  // made-up values (code-guard.ts leaves such definitions out).
  return `\nTool function available (already imported in <execute> environment; call them, never define them yourself):\n${formatToolList(tools)}\n`;
}

/** The worked example's code (code-guard.ts refuses to run it as a model's action). */
export const WORKED_EXAMPLE_CODE = `import math
def product_of_odds(n):
    return math.prod(range(1, 2 * n, 2))
print(product_of_odds(3))
print(product_of_odds(8))`;

// The user in the example asks for "just the number": small models answer such requests from
// memory, and the example shows the code coming first even then. (An opening sentence about the
// example's own task instead of "I will compute it in Python" was tried: Qwen2.5-Coder-1.5B then
// solved 9 of the first 27 tasks instead of 13, docs/eval.md.)
const WORKED_EXAMPLE = `
Example of the format:
User: What is the product of the first 8 odd numbers? For example, the product of the first 3 odd numbers is 1 * 3 * 5 = 15. Reply with just the number.
Assistant: I will compute it in Python, and check the code on the example first.
<execute>
${WORKED_EXAMPLE_CODE}
</execute>
User: Execution Output:
15
2027025
Assistant: The code gives 15 for the first 3 odd numbers, as in the example, so the product of the first 8 odd numbers is 2027025.

Put the code only between <execute> and </execute> (not in a Markdown block), then stop and wait for the "Execution Output:" message. A reply without <execute> is the final answer.`;

/** Small models answer from memory unless told not to; general, never about one task. */
const COMPUTE_RULE =
  'For anything that needs a calculation, counting, dates, or facts about numbers, text or data, the assistant runs Python and answers from the printed result, never from memory or mental arithmetic. When the user gives an example of a result, the assistant first checks its code on that example and fixes the code if the results differ. This holds when the user asks for just a number, a date or a name too: the assistant computes it first and gives the short answer after the output.';

export function buildSystemPrompt(ctx: PromptContext): string {
  const lines = [
    "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.",
    'The assistant can interact with an interactive Python (Jupyter Notebook) environment and receive the corresponding output when needed. The code should be enclosed using "<execute>" tag, for example: <execute> print("Hello World!") </execute>.',
    `The assistant should attempt fewer things at a time instead of putting too much code in one <execute> block. ${packagesSentence(ctx.packages, ctx.online)} The assistant should always import packages and define variables before starting to use them.`,
    "The Python environment runs in the user's web browser; variables persist between <execute> blocks. The user's files are in /workspace, which is the current directory. Figures made with matplotlib are shown to the user; the assistant only sees a note that an image is displayed.",
    'The assistant should stop <execute> and provide an answer when they have already obtained the answer from the execution result. Whenever possible, execute the code for the user using <execute> instead of providing it.',
    COMPUTE_RULE,
    "The assistant's response should be concise, but do express their thoughts.",
  ];
  if (ctx.reasoning) {
    const { open, close } = ctx.reasoning;
    lines.push(
      `The assistant may reason first inside ${open} … ${close}. Reasoning is never run: the <execute> block goes after ${close}.`,
    );
  }
  const prompt = lines.join('\n') + toolsBlock(ctx.tools);
  return ctx.dialect === 'generic' ? `${prompt}\n${WORKED_EXAMPLE.trim()}` : prompt;
}
