// Fixed texts the agent adds to the conversation itself (not produced by the model).
import { observationMessage } from './observation';
import type { ParseIssue } from './parser';

export const EMPTY_CODE_OBSERVATION = observationMessage(
  '[No code was run: the <execute> block was empty. Put the Python code between <execute> and </execute>.]',
);

export const TOO_LONG_OBSERVATION = observationMessage(
  '[No code was run: the reply reached its length limit before the code block was closed. Write shorter code, or split the work into several smaller steps.]',
);

export function notRunObservation(why: string): string {
  return observationMessage(`[This code was not run: ${why}.]`);
}

export function budgetNote(maxSteps: number): string {
  const runs = maxSteps === 1 ? '1 code execution' : `${maxSteps} code executions`;
  return `I stopped here: this message reached its limit of ${runs}. Send another message (for example "continue") if you want me to keep going.`;
}

export const STOPPED_MARK = '[Reply stopped by the user.]';

export function manualRunMessage(code: string, body: string): string {
  return `I edited the code and ran it myself:\n\`\`\`python\n${code}\n\`\`\`\n${observationMessage(body)}`;
}

/** The observation for a reply that cannot be used as it is (see ParseIssue). */
export function issueObservation(issue: ParseIssue | undefined, close: string): string {
  if (issue === 'empty-code') return EMPTY_CODE_OBSERVATION;
  if (issue === 'reasoning-unclosed') return reasoningUnclosedObservation(close);
  if (issue === 'reasoning-only')
    return observationMessage(
      '[No code was run and no answer was given: the reply held only reasoning. Now write the code in <execute> … </execute>, or give the answer.]',
    );
  return TOO_LONG_OBSERVATION;
}

export function reasoningUnclosedObservation(close: string): string {
  return observationMessage(
    `[No code was run: the reasoning never ended (no ${close} before the reply stopped). Reason more briefly, close it with ${close}, then write the code in <execute> … </execute>.]`,
  );
}
