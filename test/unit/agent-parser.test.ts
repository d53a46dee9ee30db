import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../src/engine/engines/types';
import { parseReply, type ParsedReply } from '../../src/agent/parser';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/agent/replies/${name}.txt`, import.meta.url), 'utf8');

interface Case {
  name: string;
  finish?: FinishReason;
  fenced?: boolean;
  expect: Partial<ParsedReply>;
}

const cases: Case[] = [
  { name: 'closed', expect: { kind: 'action', code: 'print(1 + 1)' } },
  {
    name: 'cut-at-stop',
    expect: {
      kind: 'action',
      code: 'import math\nprint(math.pi)',
      stored: 'Let me check.\n<execute>\nimport math\nprint(math.pi)\n</execute>',
    },
  },
  {
    name: 'leaked-fragment',
    expect: { kind: 'action', code: 'print(2)', stored: '<execute>\nprint(2)\n</execute>' },
  },
  {
    name: 'several-blocks',
    expect: { kind: 'action', code: 'x = 2\nprint(x * 3)', blocks: ['x = 2', 'print(x * 3)'] },
  },
  { name: 'fenced', fenced: true, expect: { kind: 'action', code: 'print("hi")' } },
  { name: 'fenced', fenced: false, expect: { kind: 'final', code: '' } },
  {
    name: 'fenced-two-blocks',
    fenced: true,
    expect: { kind: 'action', blocks: ['print(6 * 7)', 'print("two")'] },
  },
  { name: 'fence-inside-execute', expect: { kind: 'action', code: 'print(3)' } },
  {
    name: 'fence-then-prose-in-execute',
    expect: { kind: 'action', code: 'x = 1\nprint(x)' },
  },
  {
    name: 'fence-in-triple-quoted-string',
    expect: { kind: 'action', code: 'note = """\n```\nnot code\n```\n"""\nprint(note)' },
  },
  {
    name: 'fence-around-execute',
    expect: { kind: 'action', code: 'def f(x):\n    return x + 1\n\nprint(f(1))' },
  },
  {
    name: 'solution',
    expect: { kind: 'final', solution: '42', display: 'The answer is  42 .' },
  },
  {
    name: 'thought',
    expect: { kind: 'action', thoughts: ['I need the mean.'], code: 'print(sum([1, 2, 3]) / 3)' },
  },
  {
    name: 'unclosed-thought',
    expect: { kind: 'action', thoughts: ['Compute it first'], code: 'print(5)' },
  },
  { name: 'empty-code', expect: { kind: 'invalid', issue: 'empty-code' } },
  {
    name: 'truncated-at-length',
    finish: 'length',
    expect: { kind: 'invalid', issue: 'unclosed-at-length', openAction: true },
  },
  {
    name: 'fenced-truncated',
    finish: 'length',
    fenced: true,
    expect: { kind: 'invalid', issue: 'unclosed-at-length' },
  },
  {
    name: 'fenced-truncated',
    fenced: true,
    expect: { kind: 'action', code: 'import time\nfor i in range(3):\n    print(i' },
  },
  { name: 'odd-tag-spelling', expect: { kind: 'action', code: "print('ok')" } },
  { name: 'nested-opener', expect: { kind: 'action', code: 'print(2)' } },
  { name: 'inline', expect: { kind: 'action', code: 'print("Hello World!")' } },
  { name: 'final-plain', expect: { kind: 'final', display: 'The mean is 2.0.' } },
  { name: 'stray-close', expect: { kind: 'final' } },
  { name: 'indented', expect: { kind: 'action', code: 'x = 1\nif x:\n    print(x)' } },
];

describe('parseReply on fixture replies', () => {
  for (const c of cases) {
    const finish = c.finish ?? 'stop';
    it(`${c.name} (finish ${finish}, fenced ${c.fenced ?? false})`, () => {
      const text = fixture(c.name);
      const parsed = parseReply(text, { finishReason: finish, acceptFenced: c.fenced ?? false });
      expect(parsed).toMatchObject(c.expect);
      if (c.fenced && parsed.kind === 'action') {
        // A fenced action is kept up to its last block (what follows is dropped: see below).
        // These fixtures have nothing after it, so nothing but white space is lost.
        expect(text.startsWith(parsed.stored)).toBe(true);
        expect(text.slice(parsed.stored.length).trim()).toBe('');
      } else {
        // The stored text only ever gains a closing tag; it never loses the engine's text.
        expect(parsed.stored.startsWith(text.replace(/<\/execute$/, ''))).toBe(true);
      }
    });
  }

  it('drops what a model writes after a fenced action: an output it made up, an answer from it', () => {
    const text =
      'Let us compute it.\n```python\nprint(round(250000 * 0.00425 / (1 - 1.00425 ** -360), 2))\n```\n```output\n497.58\n```\nThe payment is 497.58 euros.';
    const parsed = parseReply(text, { finishReason: 'stop', acceptFenced: true });
    expect(parsed.kind).toBe('action');
    expect(parsed.code).toBe('print(round(250000 * 0.00425 / (1 - 1.00425 ** -360), 2))');
    expect(parsed.stored).toBe(
      'Let us compute it.\n```python\nprint(round(250000 * 0.00425 / (1 - 1.00425 ** -360), 2))\n```',
    );
    expect(parsed.stored).not.toContain('497.58');
    // Two blocks: both run, and the prose between them stays.
    const two = parseReply('```python\nx = 1\n```\nthen\n```python\nprint(x)\n```\nIt prints 1.', {
      finishReason: 'stop',
      acceptFenced: true,
    });
    expect(two.blocks).toEqual(['x = 1', 'print(x)']);
    expect(two.stored).toBe('```python\nx = 1\n```\nthen\n```python\nprint(x)\n```');
    // With <execute> tags nothing changes (the stop string already ends the reply there).
    const tagged = '<execute>\nprint(1)\n</execute>\n```output\n1\n```';
    expect(parseReply(tagged, { finishReason: 'stop', acceptFenced: true }).stored).toBe(tagged);
  });

  it('keeps a closed reply exactly as the engine produced it', () => {
    const text = fixture('closed');
    expect(parseReply(text, { finishReason: 'stop', acceptFenced: false }).stored).toBe(text);
  });

  it('does not run a block cut by an abort', () => {
    const parsed = parseReply(fixture('cut-at-stop'), {
      finishReason: 'abort',
      acceptFenced: false,
    });
    expect(parsed.kind).toBe('invalid');
    expect(parsed.code).toBe('');
    expect(parsed.openAction).toBe(true);
  });
});
