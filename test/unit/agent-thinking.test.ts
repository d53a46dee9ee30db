import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERIES } from '../../src/engine/catalog/families';
import { harness } from '../support/agent-harness';
import { fakeResult } from '../support/fake-runtime';

// A reasoning model (Qwen3's format) on the FAKE engine, which applies stop strings the way
// WebLLM does: anywhere in the output, reasoning included.
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/agent/replies/${name}.txt`, import.meta.url), 'utf8');
const qwen = {
  dialect: 'generic' as const,
  endTokens: [...SERIES.qwen3.endTokens],
  reasoning: SERIES.qwen3.reasoning,
};

describe('reasoning models in the loop (fake engine)', () => {
  it('a </execute> inside <think> does not end the turn: generated again, only the action after </think> runs', async () => {
    const inside = fixture('think-execute-inside');
    const h = harness(
      [inside, `${inside}\nExecution Output:\n(invented)`, 'The mean is <solution>2</solution>.'],
      () => fakeResult({ stdout: '2.0\n' }),
      qwen,
    );
    await h.agent.send('Mean of 1, 2, 3?', { onEvent: h.onEvent });
    expect(h.runner.runs).toEqual(['print(sum([1, 2, 3]) / 3)']);
    const [first, second] = h.engine.requests;
    expect(first?.opts.stop).toContain('</execute>');
    // The retry: same messages, no action stops (the agent cuts the reply itself).
    expect(second?.messages).toEqual(first?.messages);
    expect(second?.opts.stop).not.toContain('</execute>');
    expect(second?.opts.stop).toContain('<|im_end|>');
    expect(h.ofType('retry')).toEqual([{ type: 'retry', turn: 1, reason: 'stop-in-reasoning' }]);
    // Stored as the model wrote it up to the action (nothing it invented after it).
    expect(h.agent.messages[2]?.content).toBe(inside);
    expect(h.ofType('final')[0]?.solution).toBe('2');
  });

  it('thinking off: enable_thinking=false on every request of the conversation', async () => {
    const h = harness([fixture('think-off')], undefined, qwen);
    await h.agent.send('Mean?', { onEvent: h.onEvent, thinking: false });
    expect(h.engine.requests[0]?.opts.enableThinking).toBe(false);
    expect(h.ofType('final')[0]?.solution).toBe('2');
    // Thinking off: no reasoning budget on top of the reply's.
    expect(h.engine.requests[0]?.opts.maxTokens).toBe(1024);
  });

  it('thinking on: the reasoning gets its own budget on top of the reply’s', async () => {
    const h = harness([fixture('think-off')], undefined, { ...qwen, contextWindow: 16384 });
    await h.agent.send('Mean?', { onEvent: h.onEvent });
    expect(h.engine.requests[0]?.opts.enableThinking).toBe(true);
    expect(h.engine.requests[0]?.opts.maxTokens).toBe(1024 + 1536);
  });

  it('a reasoning that outgrows its budget is cut and the turn answered with thinking off', async () => {
    const endless = `<think>\n${'Maybe this, maybe that. '.repeat(400)}`;
    const h = harness([{ content: endless, hang: true }, fixture('think-off')], undefined, {
      ...qwen,
      thinkingTokens: 100,
    });
    await h.agent.send('Mean?', { onEvent: h.onEvent });
    expect(h.engine.requests).toHaveLength(2);
    expect(h.engine.aborts).toBe(1);
    expect(h.engine.requests[1]?.opts.enableThinking).toBe(false);
    const retry = h.ofType('retry')[0];
    expect(retry?.reason).toBe('thinking-budget');
    expect(retry?.keptReasoning).toMatch(/^Maybe this, maybe that\./);
    expect(h.ofType('final')[0]?.solution).toBe('2');
    expect(h.ofType('stopped')).toEqual([]); // the agent's own cut is not a user stop
  });

  it('a model without a thinking switch: an overlong reasoning is malformed output, explained', async () => {
    const endless = `<think>\n${'Hmm. '.repeat(600)}`;
    const h = harness(
      [{ content: endless, hang: true }, 'Sorry: <solution>2</solution>'],
      undefined,
      {
        dialect: 'generic',
        endTokens: [...SERIES['deepseek-r1-distill'].endTokens],
        reasoning: SERIES['deepseek-r1-distill'].reasoning,
        thinkingTokens: 100,
      },
    );
    await h.agent.send('Mean?', { onEvent: h.onEvent });
    expect(h.engine.requests[0]?.opts.enableThinking).toBeUndefined();
    const obs = h.ofType('observation')[0]?.text ?? '';
    expect(obs).toMatch(/reasoning never ended \(no <\/think>/);
    expect(h.runner.runs).toEqual([]);
    // Nothing lost: the reply is kept (and shown), its block closed.
    expect(h.ofType('reply')[0]?.content.endsWith('\n</think>')).toBe(true);
    expect(h.ofType('final')[0]?.solution).toBe('2');
  });

  it('reasoning stays within a message’s steps and is dropped at the next user message', async () => {
    const step = fixture('think-closed');
    const answer = '<think>\nIt printed 2.0.\n</think>\n\nThe mean is 2.';
    const h = harness([step, answer, 'Yes.'], () => fakeResult({ stdout: '2.0\n' }), qwen);
    await h.agent.send('Mean?', { onEvent: h.onEvent });
    const [r1, r2] = h.engine.requests;
    // Between code steps the history only grows (KV reuse): the reasoning is still there.
    expect(r2?.messages.slice(0, r1!.messages.length)).toEqual(r1?.messages);
    expect(r2?.messages[2]?.content).toContain('<think>');
    await h.agent.send('Sure?', { onEvent: h.onEvent });
    const r3 = h.engine.requests[2]!;
    const replies = r3.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    expect(replies).toEqual([
      'I will compute the mean in Python.\n<execute>\nprint(sum([1, 2, 3]) / 3)\n</execute>',
      'The mean is 2.',
    ]);
  });

  it('a model whose template drops all reasoning (DeepSeek-R1) has it removed before every request', async () => {
    const h = harness(
      [fixture('think-closed'), '<think>ok</think>Done: 2.'],
      () => fakeResult({ stdout: '2.0\n' }),
      {
        dialect: 'generic',
        reasoning: SERIES['deepseek-r1-distill'].reasoning,
      },
    );
    await h.agent.send('Mean?', { onEvent: h.onEvent });
    expect(h.engine.requests[1]?.messages[2]?.content).not.toContain('<think>');
  });

  it('the system prompt says where actions go for a reasoning model', async () => {
    const h = harness(['Done.'], undefined, qwen);
    await h.agent.send('hi', { onEvent: h.onEvent });
    expect(h.agent.messages[0]?.content).toContain('the <execute> block goes after </think>');
    const plain = harness(['Done.']);
    await plain.agent.send('hi', { onEvent: plain.onEvent });
    expect(plain.agent.messages[0]?.content).not.toContain('</think>');
  });
});
