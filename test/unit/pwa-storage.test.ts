import { describe, expect, it } from 'vitest';
import { isQuotaError } from '../../src/errors/quota';
import { formatBytes } from '../../src/pwa/storage';

describe('storage helpers', () => {
  it('recognises quota errors from DOMException names and WebLLM/worker strings', () => {
    expect(isQuotaError(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toBe(true);
    expect(isQuotaError('QuotaExceededError: The quota has been exceeded.')).toBe(true);
    expect(isQuotaError(new Error('Failed to fetch'))).toBe(false);
  });
  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(4.5 * 1024 ** 3)).toBe('4.5 GB');
  });
});
