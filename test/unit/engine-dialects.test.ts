import { describe, expect, it } from 'vitest';
import { buildSystemPrompt, stopStrings } from '../../src/agent/prompts';
import { CATALOG } from '../../src/engine/catalog/catalog';
import { CODEACT_MODEL_ID } from '../../src/engine/catalog/webllm-models';
import { dialectFor, hasThinkingSwitch } from '../../src/engine/catalog/dialects';
import { SERIES } from '../../src/engine/catalog/families';
import { readFileSync } from 'node:fs';
import { harness } from '../support/agent-harness';
import { fakeResult } from '../support/fake-runtime';

// Hand-written replies in each series' documented format (test/fixtures/agent/README.md).
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/agent/replies/${name}.txt`, import.meta.url), 'utf8');

describe('dialectFor: the prompt dialect comes from catalog data', () => {
  it('catalog models: their series decides (no regex on the id)', () => {
    const codeact = dialectFor(CATALOG.find((m) => m.id === CODEACT_MODEL_ID)!);
    expect(codeact).toMatchObject({
      prompt: 'codeact',
      endTokens: ['<|im_end|>'],
      from: 'catalog',
    });
    expect(codeact.reasoning).toBeUndefined();
    const qwen3 = dialectFor({ id: 'Qwen3-8B-q4f16_1-MLC' });
    expect(qwen3).toMatchObject({ series: 'qwen3', prompt: 'generic', from: 'catalog' });
    expect(qwen3.endTokens).toEqual(['<|im_end|>', '<|endoftext|>']);
    expect(hasThinkingSwitch(qwen3)).toBe(true);
    const gemma = dialectFor({ id: 'gemma-4-E2B-it-q4f32_1-MLC' });
    expect(gemma.endTokens).toContain('<turn|>');
    expect(hasThinkingSwitch(gemma)).toBe(false);
    expect(dialectFor({ id: 'Llama-3.1-8B-Instruct-q4f16_1-MLC' }).endTokens).toEqual([
      '<|eot_id|>',
      '<|end_of_text|>',
    ]);
  });

  it('an engine that names its series (a replay written for Qwen3) gets that series', () => {
    expect(dialectFor({ id: 'replay', series: 'qwen3' })).toMatchObject({
      series: 'qwen3',
      reasoning: SERIES.qwen3.reasoning,
      from: 'catalog',
    });
  });

  it('unknown served models: guessed from the id, said so; generic when nothing matches', () => {
    expect(dialectFor({ id: 'Qwen/Qwen3.5-9B' })).toMatchObject({
      series: 'qwen3.5',
      from: 'heuristic',
    });
    expect(dialectFor({ id: 'xingyaoww/CodeActAgent-Mistral-7b-v0.1' })).toMatchObject({
      prompt: 'codeact',
      from: 'heuristic',
    });
    expect(dialectFor({ id: 'deepseek-r1-distill-qwen-7b' }).reasoning?.history).toBe('drop-all');
    expect(dialectFor({ id: 'my-own-model' })).toMatchObject({
      series: 'generic',
      prompt: 'generic',
      endTokens: [],
      from: 'heuristic',
    });
  });

  it('an explicit dialect or stop list wins (custom models, imported folders)', () => {
    expect(dialectFor({ id: 'Qwen3-8B-q4f16_1-MLC', dialect: 'codeact' }).prompt).toBe('codeact');
    expect(dialectFor({ id: 'x', stopStrings: ['<|end|>'] }).endTokens).toEqual(['<|end|>']);
  });
});

describe('each series’ prompt and stops', () => {
  const ctx = { packages: ['pandas'], tools: [], online: false };
  for (const series of Object.values(SERIES)) {
    it(`${series.key}: ${series.prompt} prompt, stops and reasoning note`, () => {
      const prompt = buildSystemPrompt({
        ...ctx,
        dialect: series.prompt,
        ...('reasoning' in series && series.reasoning.defaultOn
          ? { reasoning: series.reasoning }
          : {}),
      });
      expect(prompt).toContain('<execute> print("Hello World!") </execute>');
      expect(prompt.includes('Example of the format')).toBe(series.prompt === 'generic');
      if ('reasoning' in series && series.reasoning.defaultOn)
        expect(prompt).toContain(`the <execute> block goes after ${series.reasoning.close}`);
      const stops = stopStrings(series.prompt, series.endTokens);
      expect(stops[0]).toBe('</execute>');
      for (const t of series.endTokens) expect(stops).toContain(t);
    });
  }
});

describe('each series in the loop, on its reply format (fake engine)', () => {
  for (const series of Object.values(SERIES)) {
    it(`${series.key}: the action runs, the request carries the series’ stops`, async () => {
      const d = dialectFor({ id: 'any', series: series.key });
      const reply =
        d.reasoning?.open === '<think>'
          ? fixture('think-execute-inside')
          : d.reasoning
            ? fixture('gemma-channel')
            : fixture('closed');
      // A </execute> inside <think> stops the fake engine as it stops WebLLM: asked again.
      const replies = reply.includes('<think>') ? [reply, reply, 'Done.'] : [reply, 'Done.'];
      const h = harness(replies, () => fakeResult({ stdout: 'ok\n' }), {
        dialect: d.prompt,
        endTokens: d.endTokens,
        ...(d.reasoning ? { reasoning: d.reasoning } : {}),
      });
      await h.agent.send('Go', { onEvent: h.onEvent });
      expect(h.runner.runs).toHaveLength(1);
      expect(h.runner.runs[0]).not.toContain('draft');
      const stops = h.engine.requests[0]?.opts.stop ?? [];
      for (const t of d.endTokens) expect(stops).toContain(t);
      expect(h.ofType('final')).toHaveLength(1);
    });
  }
});
