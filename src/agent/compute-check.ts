// The compute check: a first answer to a question that needs computing, given with no code run
// for it, is sent back once with a request to work it out in Python. Small models answer such
// questions from memory or with arithmetic in prose ("Is 999,999,000,001 prime?" → "False"),
// and those answers were wrong in every case the real-model evaluation recorded (docs/eval.md).
// One extra model turn, once per user message, and only where the question has a number in it
// or the agent has tool functions (whose data the model cannot know without calling them).
import { uncomputedAnswerObservation } from './model-texts';

/** Whether an answer given with no code run for it is sent back once (see the header). */
export function needsComputing(question: string, toolNames: readonly string[]): boolean {
  return toolNames.length > 0 || /\d/.test(question);
}

export interface ComputeCheckState {
  executions: number;
  /** The check already asked once in this message. */
  computeChecked: boolean;
}

/**
 * The observation that sends a final answer back, or undefined to accept it. Sends back at
 * most once per message, and never after code ran in this message.
 */
export function computeCheck(
  state: ComputeCheckState,
  enabled: boolean | undefined,
  question: string,
  toolNames: readonly string[],
): string | undefined {
  if (!enabled || state.computeChecked || state.executions > 0) return undefined;
  if (!needsComputing(question, toolNames)) return undefined;
  state.computeChecked = true;
  return uncomputedAnswerObservation(question, toolNames);
}
