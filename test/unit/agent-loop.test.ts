import { describe, expect, it } from 'vitest';
import { INTERRUPTED, NO_OUTPUT, STOPPED_MARK } from '../../src/agent/model-texts';
import { harness } from '../support/agent-harness';
import { fakeError, fakeResult } from '../support/fake-runtime';

const sumAction = (v: string) => `I will add the numbers.\n<execute>\nprint(${v})\n</execute>`;

describe('CodeActAgent loop (fake engine, fake runtime)', () => {
  it('debugs itself: the first action raises, the second fixes it, then answers', async () => {
    const h = harness(
      [sumAction('totl'), sumAction('sum([1, 2, 3, 4, 5])'), 'The sum is 15.'],
      (code) =>
        code.includes('totl')
          ? fakeError('NameError', "name 'totl' is not defined")
          : fakeResult({ stdout: '15\n' }),
    );
    await h.agent.send('Add 1 to 5.', { onEvent: h.onEvent });
    expect(h.runner.runs).toEqual(['print(totl)', 'print(sum([1, 2, 3, 4, 5]))']);
    const observations = h.ofType('observation').map((e) => e.text);
    expect(observations[0]).toMatch(/^Execution Output:\n[\s\S]*NameError: name 'totl'/);
    expect(observations[1]).toBe('Execution Output:\n15');
    expect(h.ofType('final')).toEqual([{ type: 'final', turn: 3, content: 'The sum is 15.' }]);
    const roles = h.agent.messages.map((m) => m.role);
    expect(roles).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    // The reply was cut at the `</execute>` stop string; the stored message has it again.
    expect(h.agent.messages[2]?.content).toBe(sumAction('totl'));
    expect(h.engine.requests[0]?.opts.stop).toEqual(['</execute>', '<|im_end|>']);
  });

  it('sends prefix-extensions: each request is the previous one plus the exact reply and one user message', async () => {
    const h = harness([sumAction('1'), sumAction('2'), 'Done: 2.', 'Still 2.'], () =>
      fakeResult({ stdout: 'ok\n' }),
    );
    await h.agent.send('first', { onEvent: h.onEvent });
    await h.agent.send('second', { onEvent: h.onEvent });
    const reqs = h.engine.requests;
    const replies = h.ofType('reply');
    expect(reqs).toHaveLength(4);
    for (let k = 0; k + 1 < reqs.length; k++) {
      const prev = reqs[k]!.messages;
      const next = reqs[k + 1]!.messages;
      expect(next.slice(0, prev.length)).toEqual(prev);
      expect(next).toHaveLength(prev.length + 2);
      expect(next[prev.length]).toEqual({ role: 'assistant', content: replies[k]!.content });
      expect(next[prev.length + 1]?.role).toBe('user');
    }
    // Stored replies are the engine's final text (plus the closing tag only when it was cut).
    expect(replies.map((r) => r.content)).toEqual([
      sumAction('1'),
      sumAction('2'),
      'Done: 2.',
      'Still 2.',
    ]);
    // A final answer is stored byte-exact, so a WebLLM-style engine reuses its KV cache.
    expect(reqs[3]?.reusedKv).toBe(true);
    expect(reqs[3]!.promptTokens).toBeLessThan(reqs[2]!.promptTokens);
  });

  it('never shows a leaked fragment of a stop string in the streamed text', async () => {
    const h = harness([sumAction('7'), 'Seven.']);
    await h.agent.send('go', { onEvent: h.onEvent });
    expect(h.engine.streamed[0]!.join('')).toContain('</execute'); // the fake leaks it, like WebLLM
    const shown = h
      .ofType('text-delta')
      .filter((e) => e.turn === 1)
      .map((e) => e.delta)
      .join('');
    expect(shown).toBe('I will add the numbers.\n<execute>\nprint(7)\n');
  });

  it('stops at the execution budget, says why, and the next message works', async () => {
    const h = harness(
      [sumAction('1'), sumAction('2'), sumAction('3'), 'Answer after continue.'],
      () => fakeResult({ stdout: '1\n' }),
      { maxSteps: 2 },
    );
    await h.agent.send('loop', { onEvent: h.onEvent });
    expect(h.runner.runs).toHaveLength(2);
    const stopped = h.ofType('stopped');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ reason: 'budget' });
    expect(stopped[0]?.message).toMatch(/limit of 2 code executions/);
    const msgs = h.agent.messages;
    expect(msgs[msgs.length - 1]).toEqual({ role: 'assistant', content: stopped[0]!.message });
    expect(msgs[msgs.length - 2]?.content).toMatch(/not run: the limit of 2 code executions/);
    expect(h.ofType('final')).toHaveLength(0);
    await h.agent.send('continue', { onEvent: h.onEvent });
    expect(h.ofType('final')[0]?.content).toBe('Answer after continue.');
  });

  it('lets the model answer after its last allowed execution', async () => {
    const h = harness([sumAction('1'), 'It is 1.'], () => fakeResult({ stdout: '1\n' }), {
      maxSteps: 1,
    });
    await h.agent.send('q', { onEvent: h.onEvent });
    expect(h.ofType('stopped')).toHaveLength(0);
    expect(h.ofType('final')[0]?.content).toBe('It is 1.');
  });

  it('stops during generation: keeps the partial reply, marked, and the next send works', async () => {
    const h = harness([{ content: 'Let me try.\n<execute>\nimport ti', hang: true }, 'Fine.']);
    const ctl = new AbortController();
    let shown = '';
    await h.agent.send('slow', {
      signal: ctl.signal,
      onEvent: (e) => {
        h.onEvent(e);
        if (e.type === 'text-delta') shown += e.delta;
        if (shown.includes('import')) ctl.abort();
      },
    });
    expect(h.runner.runs).toHaveLength(0);
    expect(h.ofType('stopped')).toEqual([
      { type: 'stopped', reason: 'user', message: 'Stopped by the user.' },
    ]);
    const last = h.agent.messages[h.agent.messages.length - 1]!;
    expect(last.role).toBe('assistant');
    expect(last.content.endsWith(`</execute>\n\n${STOPPED_MARK}`)).toBe(true);
    expect(h.ofType('reply')[0]?.finishReason).toBe('abort');
    await h.agent.send('again', { onEvent: h.onEvent });
    expect(h.ofType('final')[0]?.content).toBe('Fine.');
    expect(h.engine.requests[1]!.messages.at(-2)).toEqual(last);
  });

  it('stops during execution: interrupts the run, keeps its observation, merges the next message', async () => {
    const h = harness([sumAction('loop'), 'OK, something else.'], () => 'hang');
    const ctl = new AbortController();
    await h.agent.send('run forever', {
      signal: ctl.signal,
      onEvent: (e) => {
        h.onEvent(e);
        if (e.type === 'run-start') ctl.abort();
      },
    });
    expect(h.ofType('run-end')[0]?.result.interrupted).toBe(true);
    expect(h.ofType('stopped')[0]?.reason).toBe('user');
    const msgs = h.agent.messages;
    expect(msgs.at(-1)).toEqual({ role: 'user', content: `Execution Output:\n${INTERRUPTED}` });
    await h.agent.send('do something else', { onEvent: h.onEvent });
    const sent = h.engine.requests[1]!.messages;
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(sent[3]?.content).toBe(`Execution Output:\n${INTERRUPTED}\n\ndo something else`);
    expect(h.ofType('final')[0]?.content).toBe('OK, something else.');
  });

  it('does not call the engine when already stopped', async () => {
    const h = harness(['never']);
    const ctl = new AbortController();
    ctl.abort();
    await h.agent.send('x', { signal: ctl.signal, onEvent: h.onEvent });
    expect(h.engine.requests).toHaveLength(0);
    expect(h.ofType('stopped')).toHaveLength(1);
  });

  it('answers an empty block or a block cut by the length limit with an observation, running nothing', async () => {
    const h = harness([
      '<execute>\n\n</execute>',
      { content: '<execute>\nfor i in range(', finishReason: 'length' },
      'Giving up.',
    ]);
    await h.agent.send('q', { onEvent: h.onEvent });
    expect(h.runner.runs).toHaveLength(0);
    const obs = h.ofType('observation').map((e) => e.text);
    expect(obs[0]).toMatch(/block was empty/);
    expect(obs[1]).toMatch(/length limit .* shorter code/);
    // A length-cut reply is stored as produced: no closing tag is invented.
    expect(h.agent.messages[4]?.content).toBe('<execute>\nfor i in range(');
  });

  it('reports output as it happens and an empty run as such', async () => {
    const h = harness([sumAction('x'), 'done'], () => fakeResult());
    await h.agent.send('q', { onEvent: h.onEvent });
    expect(h.ofType('observation')[0]?.text).toBe(`Execution Output:\n${NO_OUTPUT}`);
    const types = h.events.map((e) => e.type);
    expect(types.indexOf('action')).toBeLessThan(types.indexOf('run-start'));
    expect(types.indexOf('run-start')).toBeLessThan(types.indexOf('run-end'));
    expect(types.indexOf('run-end')).toBeLessThan(types.indexOf('observation'));
  });

  it('shows thoughts and solutions', async () => {
    const h = harness(['<thought>Easy.</thought> The answer is <solution>4</solution>.']);
    await h.agent.send('2+2?', { onEvent: h.onEvent });
    expect(h.ofType('thought')[0]?.text).toBe('Easy.');
    expect(h.ofType('final')[0]).toMatchObject({ solution: '4', content: 'The answer is 4.' });
  });

  it('accepts fenced Python from a generic model but not from the CodeAct dialect', async () => {
    const reply = 'Code:\n```python\nprint(1)\n```';
    const generic = harness([reply, 'one'], () => fakeResult({ stdout: '1\n' }), {
      dialect: 'generic',
    });
    await generic.agent.send('q');
    expect(generic.runner.runs).toEqual(['print(1)']);
    expect(generic.engine.requests[0]?.opts.stop).toEqual(['</execute>', 'Execution Output:']);
    const codeact = harness([reply]);
    await codeact.agent.send('q');
    expect(codeact.runner.runs).toEqual([]);
  });

  it('cuts a generic model that invents the execution output itself', async () => {
    const reply = '```python\nprint(2 + 2)\n```\nUser: Execution Output:\n5\nIt is 5.';
    const h = harness([reply, 'It is 4.'], () => fakeResult({ stdout: '4\n' }), {
      dialect: 'generic',
    });
    await h.agent.send('2 + 2?', { onEvent: h.onEvent });
    expect(h.runner.runs).toEqual(['print(2 + 2)']);
    // The made-up turn is cut by the stop string, and what is left after the block is dropped.
    expect(h.agent.messages[2]?.content).toBe('```python\nprint(2 + 2)\n```');
    expect(h.ofType('final')[0]?.content).toBe('It is 4.');
  });

  it('reports an engine error, stays consistent, and the next send works', async () => {
    const h = harness([{ content: '', error: 'NetworkError: fetch failed' }, 'Back.']);
    await h.agent.send('first', { onEvent: h.onEvent });
    expect(h.ofType('error')[0]?.message).toMatch(/NetworkError: fetch failed/);
    expect(h.agent.messages.at(-1)).toEqual({ role: 'user', content: 'first' });
    await h.agent.send('second', { onEvent: h.onEvent });
    expect(h.agent.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(h.agent.messages[1]?.content).toBe('first\n\nsecond');
  });

  it('rejects a second send while busy and an empty message', async () => {
    const h = harness([{ content: 'slow', hang: true }]);
    const ctl = new AbortController();
    const first = h.agent.send('one', { signal: ctl.signal });
    await expect(h.agent.send('two')).rejects.toThrow(/still working/);
    ctl.abort();
    await first;
    await expect(h.agent.send('   ')).rejects.toThrow(/empty/);
  });

  it('regenerates the last reply from the same prefix', async () => {
    const h = harness(['First try.', 'Second try.']);
    await h.agent.send('q', { onEvent: h.onEvent });
    await h.agent.regenerate({ onEvent: h.onEvent });
    expect(h.engine.requests[1]!.messages).toEqual(h.engine.requests[0]!.messages);
    expect(h.agent.messages.at(-1)?.content).toBe('Second try.');
    expect(h.agent.messages).toHaveLength(3);
  });

  it('regenerate after an engine error answers the unanswered message', async () => {
    const h = harness(['A.', { content: '', error: new Error('GPU lost') }, 'B.']);
    await h.agent.send('one');
    await h.agent.send('two', { onEvent: h.onEvent });
    expect(h.ofType('error')).toHaveLength(1);
    await h.agent.regenerate({ onEvent: h.onEvent });
    expect(h.agent.messages.map((m) => m.content).slice(1)).toEqual(['one', 'A.', 'two', 'B.']);
    await expect(harness([]).agent.regenerate()).rejects.toThrow(/no reply to regenerate/);
  });

  it('puts a manual run in front of the next message', async () => {
    const h = harness(['A.', 'B.']);
    await h.agent.send('q');
    h.agent.recordManualRun('print(40 + 2)', fakeResult({ stdout: '42\n' }));
    await h.agent.send('what did I get?');
    const sent = h.engine.requests[1]!.messages.at(-1)!.content;
    expect(sent).toBe(
      'I edited the code and ran it myself:\n```python\nprint(40 + 2)\n```\nExecution Output:\n42\n\nwhat did I get?',
    );
  });

  it('loads a stored conversation and rejects a malformed one without losing the current one', async () => {
    const h = harness(['Hi again.']);
    h.agent.load([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'u' },
      { role: 'assistant', content: 'a' },
    ]);
    expect(() => h.agent.load([{ role: 'tool', content: 'x' }] as never)).toThrow(/unknown role/);
    expect(() =>
      h.agent.load([
        { role: 'user', content: 'u' },
        { role: 'system', content: 'S' },
      ]),
    ).toThrow(/system message must come first/);
    expect(h.agent.messages).toHaveLength(3);
    await h.agent.send('more');
    expect(h.engine.requests[0]!.messages.map((m) => m.content)).toEqual(['S', 'u', 'a', 'more']);
  });
});
