// "simulated" is decided by what the engine is, never by what its model is called.
import { describe, expect, it } from 'vitest';
import { isSimulatedEngine } from '../../src/eval/types';
import { fmtMs } from '../../src/ui/eval/labels';

describe('isSimulatedEngine', () => {
  it('replays and fake engines are simulated, whatever their model is called', () => {
    expect(isSimulatedEngine({ kind: 'replay' })).toBe(true);
    expect(isSimulatedEngine({ kind: 'fake' })).toBe(true);
  });
  it('a model server or a local model is a measurement, even with "fake" in its name', () => {
    expect(isSimulatedEngine({ kind: 'endpoint' })).toBe(false);
    expect(isSimulatedEngine({ kind: 'webllm' })).toBe(false);
  });
});

describe('fmtMs', () => {
  it('shows runs under a second instead of "0 s"', () => {
    expect(fmtMs(40)).toBe('< 0.1 s');
    expect(fmtMs(450)).toBe('0.5 s');
    expect(fmtMs(61_000)).toBe('1 min 1 s');
  });
});
