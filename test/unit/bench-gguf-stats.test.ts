// The GGUF benchmark's pure parts: tokens/s from llama.cpp's timings and from token timestamps,
// the rows (ratio of medians, labelled as ours), the per-run prompt, the native binary's name.
import { describe, expect, it } from 'vitest';
import {
  collect,
  comparisonRows,
  describeRuns,
  ggufMessages,
  llamaRates,
  timestampRates,
} from '../../bench/metrics/gguf-stats.mjs';
import { binaryPackage } from '../../bench/metrics/gguf-native.mjs';

const timings = (o: Record<string, number> = {}) => ({
  cache_n: 3,
  prompt_n: 200,
  prompt_ms: 500,
  prompt_per_token_ms: 2.5,
  prompt_per_second: 400,
  predicted_n: 128,
  predicted_ms: 3200,
  predicted_per_token_ms: 25,
  predicted_per_second: 40,
  ...o,
});

describe('llamaRates', () => {
  it('reads prefill and decode rates from llama.cpp timings', () => {
    expect(llamaRates(timings())).toEqual({
      promptTokens: 200,
      cachedTokens: 3,
      generatedTokens: 128,
      prefillTokS: 400,
      decodeTokS: 40,
    });
  });
  it('refuses timings without durations (a stream that ended before any token)', () => {
    expect(() => llamaRates(undefined)).toThrow(/no usable timings/);
    expect(() => llamaRates(timings({ predicted_ms: 0 }))).toThrow(/no usable timings/);
  });
});

describe('timestampRates', () => {
  it('prefill is the prompt over the time to the first token; decode the later tokens over their span', () => {
    const r = timestampRates({
      promptTokens: 100,
      startMs: 1000,
      tokenMs: [1250, 1300, 1350, 1400],
    });
    expect(r.prefillTokS).toBeCloseTo(400);
    expect(r.decodeTokS).toBeCloseTo(20); // 3 steps in 150 ms
    expect(r.firstTokenMs).toBe(250);
    expect(r.generatedTokens).toBe(4);
  });
  it('needs two tokens and increasing times', () => {
    expect(() => timestampRates({ promptTokens: 1, startMs: 0, tokenMs: [5] })).toThrow(/two/);
    expect(() => timestampRates({ promptTokens: 1, startMs: 10, tokenMs: [5, 6] })).toThrow(
      /increasing/,
    );
  });
});

describe('comparisonRows', () => {
  const a = collect([
    { decodeTokS: 30, loadMs: 900 },
    { decodeTokS: 40, loadMs: 1000 },
    { decodeTokS: 50, loadMs: 1100 },
  ]);
  const b = collect([
    { decodeTokS: 40, loadMs: 1000 },
    { decodeTokS: 50, loadMs: 800 },
    { decodeTokS: 45, loadMs: 1200 },
  ]);
  const rows = comparisonRows(
    a,
    b,
    [
      { key: 'decodeTokS', title: 'decode tok/s', unit: 'tok/s', target: 'ratio ≥ 0.97' },
      { key: 'loadMs', title: 'load', unit: 'ms' },
      { key: 'missing', title: 'not measured', unit: 'ms' },
    ],
    'ours, 1 thread',
  );
  it('gives min / median / max of each side and the ratio of the medians, labelled as ours', () => {
    expect(rows).toEqual([
      [
        'decode tok/s (ours, 1 thread)',
        '30.0 tok/s / 40.0 tok/s / 50.0 tok/s',
        '40.0 tok/s / 45.0 tok/s / 50.0 tok/s',
        '0.89',
        'ratio ≥ 0.97',
      ],
      [
        'load (ours, 1 thread)',
        '900 ms / 1000 ms / 1100 ms',
        '800 ms / 1000 ms / 1200 ms',
        '1.00',
        '',
      ],
    ]);
  });
});

describe('describeRuns', () => {
  it('states the model, threads and token counts of each side', () => {
    const s = describeRuns(
      {
        app: { promptTokens: [197, 197], generatedTokens: [128, 128] },
        native: { promptTokens: [200], generatedTokens: [120, 128] },
      },
      { model: 'm.gguf', threads: 2 },
    );
    expect(s).toBe(
      'm.gguf, 2 threads; app: prompt 197 tok evaluated, 128 generated; native: prompt 200 tok evaluated, 120–128 generated',
    );
  });
});

describe('ggufMessages', () => {
  it('differs between runs only at the very start, so no run reuses the previous prompt', () => {
    const [a, b] = [ggufMessages(0), ggufMessages(1)];
    expect(a[0]!.content.startsWith('Run 0.')).toBe(true);
    expect(b[0]!.content.startsWith('Run 1.')).toBe(true);
    expect(a[1]).toEqual(b[1]);
  });
});

describe('binaryPackage', () => {
  it('names the prebuilt CPU package for this platform', () => {
    expect(binaryPackage('linux', 'x64')).toBe('@node-llama-cpp/linux-x64');
    expect(binaryPackage('darwin', 'arm64')).toBe('@node-llama-cpp/mac-arm64-metal');
    expect(binaryPackage('win32', 'x64')).toBe('@node-llama-cpp/win-x64');
    expect(() => binaryPackage('freebsd', 'x64')).toThrow(/no prebuilt binary/);
  });
});
