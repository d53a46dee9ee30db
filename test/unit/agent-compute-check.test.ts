// The compute check (src/agent/compute-check.ts): a first answer with no code run for it, to a
// question with a number in it (or with tools), is sent back once; everything else is left alone.
import { describe, expect, it } from 'vitest';
import { agentSetupFor } from '../../src/agent/agent-setup';
import { needsComputing } from '../../src/agent/compute-check';
import { uncomputedAnswerObservation } from '../../src/agent/model-texts';
import { COMPUTE_CHECK_NOTICE } from '../../src/agent/user-notices';
import { harness } from '../support/agent-harness';
import { fakeResult } from '../support/fake-runtime';
import type { PythonTool } from '../../src/runtime/types';

const tool: PythonTool = {
  name: 'get_rate',
  signature: '(a: str, b: str)',
  returns: 'float',
  description: 'The rate.',
  source: 'def get_rate(a, b):\n    return 1.0\n',
};

describe('which questions are checked', () => {
  it('a number in the question, or tools; not plain chat', () => {
    expect(needsComputing('Is 999,999,000,001 prime?', [])).toBe(true);
    expect(needsComputing('Who manages Katia Ramos?', ['get_employee'])).toBe(true);
    expect(needsComputing('Hello! What can you do?', [])).toBe(false);
    expect(needsComputing('What is a p-value, in words?', [])).toBe(false);
  });
});

describe('in the loop', () => {
  it('an uncomputed answer is sent back once; the computed one is final', async () => {
    const h = harness(
      ['False', 'I will check.\n<execute>\nprint(7 * 11 * 13)\n</execute>', 'It is 1001.'],
      () => fakeResult({ stdout: '1001\n' }),
      { computeCheck: true },
    );
    await h.agent.send('What is 7 * 11 * 13?', { onEvent: h.onEvent });
    const observation = uncomputedAnswerObservation('What is 7 * 11 * 13?');
    expect(h.ofType('observation')[0]!.text).toBe(observation);
    // The question is said again (the bare request made 1.5B models write the prompt's example).
    expect(observation).toContain('the user\'s question: "What is 7 * 11 * 13?"');
    expect(h.ofType('checked').map((c) => c.text)).toEqual([COMPUTE_CHECK_NOTICE]);
    expect(h.ofType('final').map((f) => f.content)).toEqual(['It is 1001.']);
    expect(h.runner.runs).toHaveLength(1);
    // The model saw its first answer and the request, in that order.
    const second = h.engine.requests[1]!.messages;
    expect(second.at(-2)).toMatchObject({ role: 'assistant', content: 'False' });
    expect(second.at(-1)).toMatchObject({ role: 'user', content: observation });
  });

  it('at most once per message: the same answer again is final', async () => {
    const h = harness(['42', '42', 'never asked'], undefined, { computeCheck: true });
    await h.agent.send('What is 6 times 7?', { onEvent: h.onEvent });
    expect(h.ofType('checked')).toHaveLength(1);
    expect(h.ofType('final').map((f) => f.content)).toEqual(['42']);
    expect(h.engine.requests).toHaveLength(2);
    // The next message is checked again.
    const h2 = harness(['1', '1', '2', '2'], undefined, { computeCheck: true });
    await h2.agent.send('Say 1', { onEvent: h2.onEvent });
    await h2.agent.send('Say 2', { onEvent: h2.onEvent });
    expect(h2.ofType('checked')).toHaveLength(2);
  });

  it('not after code ran, not for plain chat, not when off', async () => {
    const ran = harness(
      ['<execute>\nprint(6 * 7)\n</execute>', 'It is 42.'],
      () => fakeResult({ stdout: '42\n' }),
      { computeCheck: true },
    );
    await ran.agent.send('What is 6 times 7?', { onEvent: ran.onEvent });
    expect(ran.ofType('checked')).toHaveLength(0);
    const chat = harness(['Hello! I run Python for you.'], undefined, { computeCheck: true });
    await chat.agent.send('Hello, what can you do?', { onEvent: chat.onEvent });
    expect(chat.ofType('checked')).toHaveLength(0);
    const off = harness(['42'], undefined, {});
    await off.agent.send('What is 6 times 7?', { onEvent: off.onEvent });
    expect(off.ofType('checked')).toHaveLength(0);
    expect(off.ofType('final')).toHaveLength(1);
  });

  it('with tools, a question without numbers is checked too', async () => {
    const h = harness(['EUR', 'EUR again'], undefined, { computeCheck: true, tools: [tool] });
    await h.agent.send('Which currency is cheapest?', { onEvent: h.onEvent });
    expect(h.ofType('checked')).toHaveLength(1);
    // The observation says where the data is: the tools, to be called and their results printed.
    expect(h.ofType('observation')[0]!.text).toBe(
      uncomputedAnswerObservation('Which currency is cheapest?', ['get_rate']),
    );
    expect(h.ofType('observation')[0]!.text).toContain(
      'The data comes from the tool function get_rate, already defined: call it, and print what it returns before using it.',
    );
  });
});

describe('the app turns it on for every engine but replays', () => {
  const base = {
    dialect: { prompt: 'generic', endTokens: [] },
    runner: {} as never,
    workspace: {} as never,
    limits: {},
    sampling: { temperature: 0 },
    online: false,
    thinking: true,
  } as const;
  it('endpoint on, replay off', () => {
    const engine = (kind: string) => ({ kind, label: kind, modelId: 'm', contextWindow: 4096 });
    const on = agentSetupFor({ ...base, engine: engine('endpoint') } as never);
    const off = agentSetupFor({ ...base, engine: engine('replay') } as never);
    expect(on.config.computeCheck).toBe(true);
    expect(off.config.computeCheck).toBe(false);
  });
});
