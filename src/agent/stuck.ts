// Notices when the model goes round in circles within one user message, in the spirit of
// OpenHands' StuckDetector (openhands/controller/stuck.py): the same action with the same
// result, the same action ending in the same error, the same reply without an action, two
// actions alternating, and any step coming back a third time (a longer cycle). The first recurrence is a warning (the observation says so and the
// next turn is sampled differently); a further one means the model is stuck.
//
// Steps are compared by what the model wrote (whitespace-normalised code or text) and what it
// got back, never by the error alone: two different attempts that fail alike are progress.

export type Step =
  | {
      kind: 'action';
      code: string;
      /** The observation text, before any note about repetition was added. */
      observation: string;
      /** "Name: message" of the run's error, "timed out", or undefined when it ran cleanly. */
      error?: string;
    }
  /** A reply that produced no runnable action (an empty or unfinished code block). */
  | { kind: 'reply'; text: string };

export type StuckPattern = 'same-error' | 'same-output' | 'same-reply' | 'alternating';

export interface StuckVerdict {
  pattern: StuckPattern;
  /** `warn`: first recurrence, tell the model; `stuck`: it repeated again, end the message. */
  level: 'warn' | 'stuck';
  /** How many steps the loop took (for the user's note). */
  steps: number;
  /** The repeated error, for the model's note. */
  error?: string;
}

const normalize = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .join('\n')
    .trim();

/**
 * The cell counter is not part of a result: the observation's `Cell In[3], line 2` and the
 * error's `invalid syntax (<cell-3>, line 2)` (Python's own text, which names the cell's file)
 * are the same failure from cell 4.
 */
const withoutCell = (text: string | undefined) =>
  text?.replace(/Cell In\[\d+\]/g, 'Cell In[_]').replace(/<cell-\d+>/g, '<cell-_>');
const sameResult = (a: string | undefined, b: string | undefined) =>
  withoutCell(a) === withoutCell(b);

/** Same action (or same action-less reply) that ended the same way. */
function sameStep(a: Step, b: Step): boolean {
  if (a.kind === 'reply' || b.kind === 'reply')
    return a.kind === 'reply' && b.kind === 'reply' && normalize(a.text) === normalize(b.text);
  if (normalize(a.code) !== normalize(b.code)) return false;
  if (a.error !== undefined || b.error !== undefined) return sameResult(a.error, b.error);
  return sameResult(a.observation, b.observation);
}

export class StuckDetector {
  readonly #steps: Step[] = [];

  get steps(): readonly Step[] {
    return this.#steps;
  }

  /**
   * Before a run: the model wrote again the action that failed the same way twice in a row (it
   * was told so once). Running it a third time would only fail again: the message ends as stuck.
   */
  beforeRun(code: string): StuckVerdict | undefined {
    const [a, b] = this.#steps.slice(-2);
    if (a?.kind !== 'action' || b?.kind !== 'action' || !b.error || !sameStep(a, b)) return;
    if (normalize(b.code) !== normalize(code)) return;
    return { pattern: 'same-error', level: 'stuck', steps: 3, error: b.error };
  }

  /** Add the latest step; a verdict when it repeats what came before. */
  record(step: Step): StuckVerdict | undefined {
    const s = this.#steps;
    s.push(step);
    const n = s.length;
    let run = 1;
    while (run < n && sameStep(s[n - 1 - run]!, step)) run++;
    // The third time the same step comes back in one message, in a row or not (A B A A, or a
    // cycle of three), nothing new can come of it.
    const copies = s.filter((x) => sameStep(x, step)).length;
    const pattern: StuckPattern =
      step.kind === 'reply' ? 'same-reply' : step.error ? 'same-error' : 'same-output';
    const error = step.kind === 'action' && step.error ? { error: step.error } : {};
    if (run >= 2 || copies >= 3) {
      const stuck = run >= 3 || copies >= 3;
      return { pattern, level: stuck ? 'stuck' : 'warn', steps: Math.max(run, copies), ...error };
    }
    // A B A (warn), A B A B (stuck): back and forth between two steps that end the same way.
    if (n >= 3 && sameStep(s[n - 3]!, step) && !sameStep(s[n - 2]!, step)) {
      const level = n >= 4 && sameStep(s[n - 4]!, s[n - 2]!) ? 'stuck' : 'warn';
      return { pattern: 'alternating', level, steps: level === 'stuck' ? 4 : 3 };
    }
    return undefined;
  }
}
