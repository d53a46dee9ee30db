// Per-task measurements taken from the agent's events (no second bookkeeping in the loop).
import type { AgentEvent } from '../agent/events';
import type { TaskMetrics } from './types';

export const ENDINGS_FINAL = 'final answer';
export const ENDINGS = {
  budget: 'execution budget reached',
  stuck: 'stuck',
  user: 'stopped',
} as const;

export class MetricsCollector {
  #turns = 0;
  #actions = 0;
  #figures = 0;
  #prompt = 0;
  #completion = 0;
  /** Errors not yet followed by a clean run, and those that were. */
  #pendingErrors = 0;
  #recovered = 0;
  /** Generation time: from turn start to its reply, summed. */
  #genMs = 0;
  #turnStart = 0;
  #ending = 'no reply';
  #estimated = false;
  #warnings = 0;
  #final = '';

  readonly onEvent = (e: AgentEvent): void => {
    switch (e.type) {
      case 'turn-start':
        this.#turnStart = performance.now();
        if (e.temperature !== undefined) this.#warnings++; // a retry after a repetition
        break;
      case 'reply':
        this.#turns++;
        this.#genMs += performance.now() - this.#turnStart;
        break;
      case 'usage':
        if (e.estimated) this.#estimated = true;
        this.#prompt += e.usage.promptTokens;
        this.#completion += e.usage.completionTokens;
        break;
      case 'run-end':
        this.#actions++;
        this.#figures += e.result.outputs.filter((o) => o.type === 'png').length;
        if (e.result.error || e.result.timedOut) this.#pendingErrors++;
        else {
          this.#recovered += this.#pendingErrors;
          this.#pendingErrors = 0;
        }
        break;
      case 'final':
        this.#ending = ENDINGS_FINAL;
        this.#final = e.content;
        break;
      case 'stopped':
        this.#ending = ENDINGS[e.reason];
        break;
      case 'error':
        this.#ending = `error: ${e.message}`;
        break;
    }
  };

  result(): TaskMetrics {
    return {
      turns: this.#turns,
      codeActions: this.#actions,
      errorsRecovered: this.#recovered,
      figures: this.#figures,
      promptTokens: this.#prompt,
      completionTokens: this.#completion,
      decodeTokPerS:
        this.#completion > 0 && this.#genMs > 0 ? this.#completion / (this.#genMs / 1000) : null,
      tokensEstimated: this.#estimated,
      repeatWarnings: this.#warnings,
      ending: this.#ending,
      noCode: this.#ending === ENDINGS_FINAL && this.#actions === 0,
      finalAnswer: this.#final,
    };
  }
}
