import { describe, expect, it } from 'vitest';
import { toNotebook, toLines } from '../../src/storage/export/ipynb';
import { toMarkdown } from '../../src/storage/export/markdown';
import { fromJsonExport, ImportError, toJsonExport } from '../../src/storage/export/json';
import type { ConversationRecord } from '../../src/storage/types';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const conv: ConversationRecord = {
  id: 'conv-1',
  title: 'Sales analysis',
  createdAt: 1,
  updatedAt: 2,
  engineLabel: 'Replay (scripted demo)',
  history: [
    { role: 'system', content: 'You are a CodeAct agent.' },
    { role: 'user', content: 'Sum the column' },
  ],
  lastRequest: [
    { role: 'system', content: 'You are a CodeAct agent.' },
    { role: 'user', content: 'Sum the column' },
  ],
  items: [
    { kind: 'message', id: 'm1', role: 'user', text: 'Sum the column' },
    { kind: 'message', id: 'm2', role: 'assistant', text: 'Let me **compute** it.' },
    {
      kind: 'cell',
      id: 'a1',
      code: 'import csv\nprint(sum([1, 2]))\nx',
      status: 'done',
      outputs: [
        { type: 'stream', name: 'stdout', text: '3\nmore\n' },
        { type: 'stream', name: 'stderr', text: 'warn\n' },
        { type: 'text', text: '42' },
        { type: 'html', html: '<table><tr><td>1</td></tr></table>', text: '   0\n0  1' },
        { type: 'png', data: PNG, width: 1, height: 1 },
      ],
      error: null,
    },
    {
      kind: 'cell',
      id: 'a2',
      code: '1/0',
      status: 'error',
      outputs: [],
      error: {
        ename: 'ZeroDivisionError',
        evalue: 'division by zero',
        traceback:
          'Traceback (most recent call last):\n  File "<cell>", line 1\nZeroDivisionError: division by zero',
      },
    },
    { kind: 'message', id: 'm3', role: 'assistant', text: 'The sum is 3.', final: true },
  ],
};

const isMultiline = (v: unknown) =>
  typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));

/** The nbformat 4.5 JSON-schema rules that matter for our cells, checked by hand. */
function nbformatProblems(nb: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const allowedTop = ['metadata', 'nbformat_minor', 'nbformat', 'cells'];
  for (const k of Object.keys(nb)) if (!allowedTop.includes(k)) problems.push(`top-level ${k}`);
  if (nb.nbformat !== 4) problems.push('nbformat');
  if (typeof nb.nbformat_minor !== 'number' || nb.nbformat_minor < 5) problems.push('minor');
  const ids = new Set<string>();
  for (const [i, cell] of (nb.cells as Record<string, unknown>[]).entries()) {
    const id = String(cell.id);
    if (!/^[a-zA-Z0-9-_]{1,64}$/.test(id) || ids.has(id)) problems.push(`cell ${i} id`);
    ids.add(id);
    if (typeof cell.metadata !== 'object') problems.push(`cell ${i} metadata`);
    if (!isMultiline(cell.source)) problems.push(`cell ${i} source`);
    if (cell.cell_type === 'markdown') {
      for (const k of Object.keys(cell))
        if (!['id', 'cell_type', 'metadata', 'source', 'attachments'].includes(k))
          problems.push(`markdown ${i} has ${k}`);
    } else if (cell.cell_type === 'code') {
      if (!('execution_count' in cell)) problems.push(`code ${i} execution_count`);
      if (!Array.isArray(cell.outputs)) problems.push(`code ${i} outputs`);
      for (const out of (cell.outputs as Record<string, unknown>[]) ?? []) {
        const t = out.output_type;
        if (t === 'stream') {
          if (!['stdout', 'stderr'].includes(String(out.name)) || !isMultiline(out.text))
            problems.push(`stream in ${i}`);
        } else if (t === 'display_data' || t === 'execute_result') {
          if (typeof out.data !== 'object' || typeof out.metadata !== 'object')
            problems.push(`${t} in ${i}`);
          if (t === 'execute_result' && typeof out.execution_count !== 'number')
            problems.push(`execute_result count in ${i}`);
          for (const [mime, v] of Object.entries(out.data as Record<string, unknown>))
            if (!/^[a-z]+\/[-+.\w]+$/.test(mime) || !isMultiline(v)) problems.push(`mime ${mime}`);
        } else if (t === 'error') {
          if (typeof out.ename !== 'string' || typeof out.evalue !== 'string') problems.push('err');
          if (!Array.isArray(out.traceback)) problems.push('traceback');
        } else problems.push(`output type ${String(t)}`);
      }
    } else problems.push(`cell ${i} type`);
  }
  return problems;
}

describe('ipynb export', () => {
  const nb = JSON.parse(JSON.stringify(toNotebook(conv))) as Record<string, unknown>;
  const cells = nb.cells as Record<string, unknown>[];

  it('is valid nbformat 4 structure', () => {
    expect(nbformatProblems(nb)).toEqual([]);
  });

  it('the validator itself catches broken notebooks', () => {
    const broken = structuredClone(nb);
    (broken.cells as Record<string, unknown>[])[3]!.outputs = [{ output_type: 'stream' }];
    (broken as Record<string, unknown>).extra = 1;
    expect(nbformatProblems(broken).length).toBeGreaterThanOrEqual(2);
  });

  it('messages are markdown cells and actions are code cells with their outputs', () => {
    expect(cells.map((c) => c.cell_type)).toEqual([
      'markdown',
      'markdown',
      'markdown',
      'code',
      'code',
      'markdown',
    ]);
    expect((cells[2]!.source as string[]).join('')).toContain('Let me **compute** it.');
    const code = cells[3]!;
    expect((code.source as string[]).join('')).toBe('import csv\nprint(sum([1, 2]))\nx');
    const outs = code.outputs as Record<string, unknown>[];
    expect(outs.map((o) => o.output_type)).toEqual([
      'stream',
      'stream',
      'execute_result',
      'display_data',
      'display_data',
    ]);
    expect(outs[0]).toMatchObject({ name: 'stdout', text: ['3\n', 'more\n'] });
    expect((outs[3]!.data as Record<string, string[]>)['text/html']!.join('')).toContain('<table>');
    expect((outs[4]!.data as Record<string, string>)['image/png']).toBe(PNG);
    const err = (cells[4]!.outputs as Record<string, unknown>[])[0]!;
    expect(err).toMatchObject({ output_type: 'error', ename: 'ZeroDivisionError' });
    expect(cells[4]!.execution_count).toBe(2);
  });

  it('splits text into lines keeping newlines', () => {
    expect(toLines('a\nb')).toEqual(['a\n', 'b']);
    expect(toLines('')).toEqual([]);
  });
});

describe('markdown export', () => {
  it('has messages, fenced code and outputs', () => {
    const md = toMarkdown(conv);
    expect(md).toContain('# Sales analysis');
    expect(md).toContain('## User\n\nSum the column');
    expect(md).toContain('```python\nimport csv');
    expect(md).toContain('ZeroDivisionError: division by zero');
    expect(md).toContain(`data:image/png;base64,${PNG}`);
  });
});

describe('JSON export and import', () => {
  it('holds the exact last request and every cell with outputs', () => {
    const data = toJsonExport(conv);
    expect(data.messages).toEqual(conv.lastRequest);
    expect(data.cells.map((c) => c.id)).toEqual(['a1', 'a2']);
    expect(data.cells[0]!.outputs).toHaveLength(5);
  });

  it('round-trips through import as a new conversation', () => {
    const back = fromJsonExport(JSON.stringify(toJsonExport(conv)), 'new-id');
    expect(back.id).toBe('new-id');
    expect(back.title).toBe('Sales analysis');
    expect(back.items).toEqual(
      conv.items.map((i) => (i.kind === 'message' ? { ...i, streaming: false } : i)),
    );
    expect(back.history).toEqual(conv.history);
  });

  it('rejects bad input with a clear error', () => {
    expect(() => fromJsonExport('{nope', 'x')).toThrow(/not valid JSON/);
    expect(() => fromJsonExport('{"format":"other"}', 'x')).toThrow(ImportError);
    const bad = toJsonExport(conv);
    (bad.conversation.items as unknown[]).push({ kind: 'weird', id: 'z' });
    expect(() => fromJsonExport(JSON.stringify(bad), 'x')).toThrow(/neither a message/);
  });
});
