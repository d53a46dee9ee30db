import { describe, expect, it } from 'vitest';
import { parseDemoIndex } from '../../src/ui/state/demos.svelte';
import { safeFileName } from '../../src/ui/state/files.svelte';
import { toWorkspaceFiles } from '../../src/ui/state/ports';
import { collapse, outputBlocks, pngDataUrl } from '../../src/ui/cells/outputs';

describe('parseDemoIndex', () => {
  it('keeps well-formed demos and drops broken entries', () => {
    const demos = parseDemoIndex({
      demos: [
        { file: 'csv.json', title: 'CSV', description: 'd', requires: ['numpy', 3] },
        { title: 'no file' },
        null,
      ],
    });
    expect(demos).toEqual([
      { file: 'csv.json', title: 'CSV', description: 'd', requires: ['numpy'] },
    ]);
    expect(() => parseDemoIndex({})).toThrow(/no "demos"/);
  });
});

describe('file helpers', () => {
  it('makes user file names safe /workspace names', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\data\\sales.csv')).toBe('sales.csv');
    // Names are kept as typed (rendered as text, never HTML); only path parts are dropped.
    expect(safeFileName('x/<img src=x onerror=alert(1)>.csv')).toBe(
      '<img src=x onerror=alert(1)>.csv',
    );
    expect(() => safeFileName('..')).toThrow(/Unusable/);
    expect(() => safeFileName('a/')).toThrow(/Unusable/);
  });

  it('normalises listFiles results', () => {
    expect(
      toWorkspaceFiles([
        { path: '/workspace/b.csv', size: 10 },
        'a.txt',
        { name: 'c.png', size: '5' },
        7,
      ]),
    ).toEqual([
      { path: 'a.txt', size: 0 },
      { path: 'b.csv', size: 10 },
      { path: 'c.png', size: 5 },
    ]);
    expect(toWorkspaceFiles(null)).toEqual([]);
  });
});

describe('output helpers', () => {
  it('joins consecutive chunks of the same stream only', () => {
    const blocks = outputBlocks([
      { type: 'stream', name: 'stdout', text: 'a' },
      { type: 'stream', name: 'stdout', text: 'b\n' },
      { type: 'stream', name: 'stderr', text: 'w' },
      { type: 'stream', name: 'stdout', text: 'c' },
      { type: 'png', data: 'AAA' },
    ]);
    expect(blocks).toEqual([
      { kind: 'stdout', text: 'ab\n' },
      { kind: 'stderr', text: 'w' },
      { kind: 'stdout', text: 'c' },
      { kind: 'png', data: 'AAA' },
    ]);
  });

  it('collapses long text and keeps short text whole', () => {
    const long = Array.from({ length: 100 }, (_, i) => `l${i}`).join('\n');
    expect(collapse(long, false).hidden).toBe(70);
    expect(collapse(long, true).hidden).toBe(0);
    expect(collapse('a\nb', false)).toEqual({ shown: 'a\nb', hidden: 0 });
  });

  it('PNG data URLs cannot break out of the attribute', () => {
    expect(pngDataUrl('AB"C D\'><x')).toBe('data:image/png;base64,ABCDx');
  });
});
