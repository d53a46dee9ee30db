import { describe, expect, it } from 'vitest';
import { downloadProgress, formatProgress } from '../../src/engine/local/progress';
import { parseWebLLMProgress } from '../../src/engine/local/webllm/progress';

// Texts as WebLLM 0.2.86 reports them (reference webllm.md §1.2).
describe('load progress', () => {
  it.each([
    ['Start to fetch params', 0, 'download'],
    [
      'Fetching param cache[3/10]: 120 MB fetched. 30% completed, 12 secs elapsed. It can take a while',
      0.3,
      'download',
    ],
    ['Loading model from cache[2/10]: 80 MB loaded. 20% completed, 3 secs elapsed.', 0.2, 'load'],
    ['Loading GPU shader modules[5/40]: 12% completed, 4 secs elapsed.', 0.12, 'compile'],
    ['Finish loading on WebGPU - google', 1, 'ready'],
  ])('%s → %s', (text, progress, phase) => {
    const p = parseWebLLMProgress({ progress, text });
    expect(p.phase).toBe(phase);
    expect(p.percent).toBe(Math.round(progress * 100));
  });

  it('reads MB from download and load texts', () => {
    expect(
      parseWebLLMProgress({ progress: 0.3, text: 'Fetching param cache[3/10]: 120.5 MB fetched.' })
        .mbDone,
    ).toBe(120.5);
  });

  it('computes speed and ETA for our own downloads', () => {
    const MB = 2 ** 20;
    const p = downloadProgress(50 * MB, 100 * MB, 20 * MB, 2000);
    expect(p).toMatchObject({
      phase: 'download',
      percent: 50,
      mbDone: 50,
      mbTotal: 100,
      speedMBps: 10,
      etaSeconds: 5,
    });
    expect(formatProgress(p)).toBe(
      'Downloading 50% · 50.0 of 100.0 MB · 10.0 MB/s · about 5 s left',
    );
    expect(downloadProgress(0, 100, 0, 0).etaSeconds).toBeUndefined();
  });
});
