import { describe, expect, it } from 'vitest';
import { isQuotaError } from '../../src/errors/quota';

describe('the quota detector', () => {
  it('recognises quota errors from DOMException names and WebLLM/worker strings', () => {
    expect(isQuotaError(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toBe(true);
    expect(isQuotaError('QuotaExceededError: The quota has been exceeded.')).toBe(true);
    expect(isQuotaError(new Error('Failed to fetch'))).toBe(false);
  });
});
