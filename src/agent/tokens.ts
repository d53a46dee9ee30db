// Token counting without a tokenizer: an estimate from characters, calibrated by the
// engine's real usage numbers as they arrive.

/** Template tokens around each message (role header and end token). */
export const MESSAGE_OVERHEAD = 4;
/** Conservative start: code and numbers tokenize at roughly 3 characters per token. */
const DEFAULT_CHARS_PER_TOKEN = 3;

export class TokenEstimator {
  #charsPerToken = DEFAULT_CHARS_PER_TOKEN;

  get charsPerToken(): number {
    return this.#charsPerToken;
  }

  estimate(text: string): number {
    return Math.ceil(text.length / this.#charsPerToken) + MESSAGE_OVERHEAD;
  }

  /** Learn from a reply whose real token count is known; stay on the safe (low) side. */
  learn(chars: number, tokens: number): void {
    if (tokens < 8 || chars < 8) return;
    const observed = chars / tokens;
    const blended = 0.5 * this.#charsPerToken + 0.5 * observed;
    this.#charsPerToken = Math.min(4, Math.max(1, blended * 0.95));
  }
}
