import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/agent/parser';
import {
  findStopOutsideReasoning,
  splitReasoning,
  stripReasoning,
} from '../../src/agent/reasoning';
import { StopStringGuard } from '../../src/agent/stream-guard';
import { SERIES } from '../../src/engine/catalog/families';

// Hand-written fixtures in the documented formats (test/fixtures/agent/README.md).
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/agent/replies/${name}.txt`, import.meta.url), 'utf8');
const qwen = SERIES.qwen3.reasoning;
const gemma = SERIES['gemma-4'].reasoning;
const parse = (text: string, finishReason: 'stop' | 'length' = 'stop', reasoning = qwen) =>
  parseReply(text, { finishReason, acceptFenced: true, reasoning });

describe('reasoning blocks (parser)', () => {
  it('closed: the reasoning is set apart, the action after it runs', () => {
    const p = parse(fixture('think-closed'));
    expect(p.kind).toBe('action');
    expect(p.code).toBe('print(sum([1, 2, 3]) / 3)');
    expect(p.reasoning).toMatch(/^The user wants the mean/);
    expect(p.openReasoning).toBe(false);
    expect(p.stored).toBe(fixture('think-closed')); // the engine's text, reasoning included
  });

  it('<execute> inside <think> is never run: only the block after </think>', () => {
    const p = parse(fixture('think-execute-inside'));
    expect(p.kind).toBe('action');
    expect(p.blocks).toEqual(['print(sum([1, 2, 3]) / 3)']);
    expect(p.code).not.toContain('draft');
    expect(p.reasoning).toContain('<execute>print("draft")</execute>');
  });

  it('cut at </execute> after the reasoning: the tag is stored again, the reasoning kept', () => {
    const text = fixture('think-closed').replace(/<\/execute>$/, '');
    const p = parse(text);
    expect(p.kind).toBe('action');
    expect(p.stored).toBe(fixture('think-closed'));
  });

  it('unclosed: malformed, nothing runs, the stored reply closes the block (nothing lost)', () => {
    const text = fixture('think-unclosed');
    for (const finish of ['stop', 'length'] as const) {
      const p = parse(text, finish);
      expect(p.kind).toBe('invalid');
      expect(p.issue).toBe('reasoning-unclosed');
      expect(p.code).toBe('');
      expect(p.openReasoning).toBe(true);
      expect(p.stored).toBe(`${text}\n</think>`);
      expect(p.reasoning).toContain('import pandas as pd');
    }
  });

  it('thinking off: WebLLM’s empty block, then a plain answer', () => {
    const p = parse(fixture('think-off'));
    expect(p.kind).toBe('final');
    expect(p.solution).toBe('2');
    expect(p.reasoning).toBe('');
    expect(p.display).toBe('The mean of 1, 2 and 3 is 2.');
  });

  it('a block the prompt opened (only </think> in the reply)', () => {
    const p = parse(fixture('think-prompt-opened'));
    expect(p.kind).toBe('action');
    expect(p.code).toBe('print(6 * 7)');
    expect(p.reasoning).toMatch(/^The prompt opened the block/);
  });

  it('Gemma 4’s thinking channel is a reasoning block too', () => {
    const p = parse(fixture('gemma-channel'), 'stop', gemma);
    expect(p.kind).toBe('action');
    expect(p.code).toBe('print("gemma")');
    expect(p.reasoning).toBe('A table, so pandas.');
  });

  it('models without reasoning are parsed as before (a <think> tag is just text)', () => {
    const p = parseReply(fixture('think-execute-inside'), {
      finishReason: 'stop',
      acceptFenced: false,
    });
    expect(p.blocks[0]).toBe('print("draft")');
    expect(p.reasoning).toBe('');
  });
});

describe('reasoning helpers', () => {
  it('splitReasoning finds the block, unclosed or not', () => {
    expect(splitReasoning('<think>a</think>b', qwen)).toMatchObject({
      reasoning: 'a',
      unclosed: false,
      answerStart: 16,
    });
    expect(splitReasoning('  <think>\nstill going', qwen)).toMatchObject({
      present: true,
      unclosed: true,
    });
    expect(splitReasoning('no reasoning here', qwen).present).toBe(false);
    expect(splitReasoning('<think>a</think>b', undefined).present).toBe(false);
  });

  it('stripReasoning drops the block the way Qwen’s template renders old replies', () => {
    expect(stripReasoning(fixture('think-closed'), qwen)).toBe(
      'I will compute the mean in Python.\n<execute>\nprint(sum([1, 2, 3]) / 3)\n</execute>',
    );
    expect(stripReasoning(fixture('think-off'), qwen)).toBe(
      'The mean of 1, 2 and 3 is <solution>2</solution>.',
    );
    expect(stripReasoning(fixture('think-unclosed'), qwen)).toBe(fixture('think-unclosed'));
    expect(stripReasoning('plain', qwen)).toBe('plain');
  });

  it('action stops count only after the reasoning; end tokens anywhere', () => {
    const stops = { end: ['<|im_end|>'], action: ['</execute>'] };
    const text = fixture('think-execute-inside');
    expect(findStopOutsideReasoning(text, qwen, stops)).toBe(text.lastIndexOf('</execute>'));
    expect(findStopOutsideReasoning('<think>x</execute> y', qwen, stops)).toBe(-1);
    expect(findStopOutsideReasoning('<think>x<|im_end|>', qwen, stops)).toBe(8);
  });

  it('the display guard keeps streaming through a </execute> inside the reasoning', () => {
    const g = new StopStringGuard(['<|im_end|>'], { action: ['</execute>'], reasoning: qwen });
    let shown = '';
    const text = fixture('think-execute-inside') + '\nExecution';
    for (let i = 0; i < text.length; i += 5) shown += g.push(text.slice(i, i + 5));
    expect(g.stopFound).toBe(true);
    expect(shown).toBe(text.slice(0, text.lastIndexOf('</execute>')));
    expect(shown).toContain('<execute>print("draft")</execute>');
  });
});
