// Per-task measurements taken from the agent's events (no second bookkeeping in the loop).
import type { AgentEvent } from '../agent/events';
import type { TaskMetrics } from './types';

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
  #final = '';

  readonly onEvent = (e: AgentEvent): void => {
    switch (e.type) {
      case 'turn-start':
        this.#turnStart = performance.now();
        break;
      case 'reply':
        this.#turns++;
        this.#genMs += performance.now() - this.#turnStart;
        break;
      case 'usage':
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
        this.#ending = 'final answer';
        this.#final = e.content;
        break;
      case 'stopped':
        this.#ending = e.reason === 'budget' ? 'execution budget reached' : 'stopped';
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
      ending: this.#ending,
      finalAnswer: this.#final,
    };
  }
}
