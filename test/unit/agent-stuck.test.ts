// The stuck detector on its own (each pattern, no false alarm on different attempts that fail
// alike) and in the loop (note to the model, a hotter retry, the `stuck` ending).
import { describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import type { AgentEvent } from '../../src/agent/events';
import { retryTemperature } from '../../src/agent/run-step';
import { parseTranscript, ReplayEngine } from '../../src/engine/engines/replay/replay-engine';
import { StuckDetector, type Step } from '../../src/agent/stuck';
import { harness } from '../support/agent-harness';
import { fakeError, fakeResult, FakeRunner } from '../support/fake-runtime';

const failing = (code: string, error = "NameError: name 'x' is not defined"): Step => ({
  kind: 'action',
  code,
  observation: `Traceback\n${error}`,
  error,
});
const clean = (code: string, observation: string): Step => ({ kind: 'action', code, observation });

function verdicts(steps: Step[]) {
  const d = new StuckDetector();
  return steps.map((s) => d.record(s));
}

describe('StuckDetector', () => {
  it('the same action ending in the same error: warn, then stuck', () => {
    const v = verdicts([failing('print(x)'), failing('print(x)\n'), failing('  print(x)')]);
    expect(v[0]).toBeUndefined();
    expect(v[1]).toMatchObject({ pattern: 'same-error', level: 'warn', steps: 2 });
    expect(v[1]?.error).toBe("NameError: name 'x' is not defined");
    expect(v[2]).toMatchObject({ pattern: 'same-error', level: 'stuck', steps: 3 });
  });

  it('the same action with the same output', () => {
    const v = verdicts([clean('print(1)', '1'), clean('print(1)', '1'), clean('print(1)', '1')]);
    expect(v.map((x) => x?.level)).toEqual([undefined, 'warn', 'stuck']);
    expect(v[1]?.pattern).toBe('same-output');
  });

  it('the same reply without an action', () => {
    const reply: Step = { kind: 'reply', text: '<execute>\n</execute>' };
    const v = verdicts([reply, { ...reply }, { ...reply }]);
    expect(v.map((x) => x?.pattern)).toEqual([undefined, 'same-reply', 'same-reply']);
    expect(v[2]?.level).toBe('stuck');
  });

  it('the cell counter is not part of the error (a SyntaxError names its cell)', () => {
    const syntax = (cell: number): Step => ({
      kind: 'action',
      code: 'print(1)\n```',
      observation: `Cell In[${cell}], line 2\n    \`\`\`\n    ^\nSyntaxError: invalid syntax`,
      // What the kernel reports: Python's own message, which names the cell's file.
      error: `SyntaxError: invalid syntax (<cell-${cell}>, line 2)`,
    });
    const v = verdicts([syntax(1), syntax(2), syntax(3)]);
    expect(v.map((x) => x?.level)).toEqual([undefined, 'warn', 'stuck']);
  });

  it('before a run: the same code that failed the same way twice is not run a third time', () => {
    const d = new StuckDetector();
    d.record(failing('print(x)'));
    expect(d.beforeRun('print(x)')).toBeUndefined(); // once: it may run again (and be warned)
    d.record(failing('print(x)'));
    expect(d.beforeRun('print(y)')).toBeUndefined(); // a change of approach runs
    expect(d.beforeRun('print(x)\n')).toMatchObject({ pattern: 'same-error', level: 'stuck' });
  });

  it('a step that comes back a third time, not in a row, is stuck (A B A A; a cycle of three)', () => {
    // Seen with Qwen2.5-Coder-1.5B: it ran the prompt's worked example, a broken line, and the
    // example again, round and round, until the execution budget ran out.
    const a = clean('print(15)\nprint(2027025)', '15\n2027025');
    const b = failing('and', 'SyntaxError: invalid syntax (<cell-2>, line 1)');
    const v = verdicts([a, b, { ...a }, { ...a }]);
    expect(v[3]).toMatchObject({ pattern: 'same-output', level: 'stuck', steps: 3 });
    const c = clean('print(3)', '3');
    const cycle = verdicts([a, b, c, { ...a }, { ...b }, { ...c }, { ...a }]);
    expect(cycle.slice(0, 6).map((x) => x?.level)).not.toContain('stuck');
    expect(cycle[6]).toMatchObject({ level: 'stuck' });
  });

  it('no false alarm: different attempts that fail alike, and one step seen twice apart', () => {
    const v = verdicts([
      failing('print(x)'),
      failing('print(y)'),
      failing('print(x + 1)'),
      clean('print(1)', '1'),
      failing('print(x)'),
    ]);
    expect(v.map((x) => x?.level)).not.toContain('stuck');
  });

  it('two actions alternating: warn at A B A, stuck at A B A B', () => {
    const a = failing('import numpy', "ModuleNotFoundError: No module named 'numpy'");
    const b = clean('print(sum([1, 2]))', '3');
    const v = verdicts([a, b, { ...a }, { ...b }]);
    expect(v[0]).toBeUndefined();
    expect(v[1]).toBeUndefined();
    expect(v[2]).toMatchObject({ pattern: 'alternating', level: 'warn' });
    expect(v[3]).toMatchObject({ pattern: 'alternating', level: 'stuck' });
  });

  it('no false alarm: different attempts that fail alike are progress', () => {
    const v = verdicts([
      failing('print(x)'),
      failing('y = 1\nprint(x)'),
      failing('print(x + 0)'),
      failing('print(int(x))'),
    ]);
    expect(v.every((x) => x === undefined)).toBe(true);
  });

  it('no false alarm: the same code with a different result (the files changed) is not a repeat', () => {
    const v = verdicts([
      failing('print(open("a.txt").read())', 'FileNotFoundError: a.txt'),
      clean('print(open("a.txt").read())', 'hello'),
    ]);
    expect(v[1]).toBeUndefined();
  });
});

describe('the loop with a model that repeats itself', () => {
  const code = '<execute>\nprint(undefined_name)\n</execute>';

  it('the same failing code three times: note in the second observation, hotter retry, ends stuck', async () => {
    const h = harness([code, code, code, 'never asked'], () =>
      fakeError('NameError', "name 'undefined_name' is not defined"),
    );
    await h.agent.send('go', { onEvent: h.onEvent });
    // The third time the same failing code is not run: it would only fail again.
    expect(h.runner.runs).toHaveLength(2);
    const obs = h.ofType('observation').map((o) => o.text);
    expect(obs[0]).not.toContain('same code as before');
    expect(obs[1]).toContain(
      "This is the same code as before and it failed the same way: change the approach. The error was: NameError: name 'undefined_name' is not defined",
    );
    // The retry turn only is sampled hotter; the replay-safe default stays otherwise.
    expect(h.engine.requests.map((r) => r.opts.temperature)).toEqual([undefined, undefined, 0.7]);
    // ...with no truncation before the temperature (llama.cpp's top_p / min_p would leave the
    // copied reply's token alone at every step, whatever the temperature).
    expect(h.engine.requests.map((r) => [r.opts.topP, r.opts.minP])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [1, 0],
    ]);
    expect(h.ofType('turn-start').map((t) => t.temperature)).toEqual([undefined, undefined, 0.7]);
    const stopped = h.ofType('stopped');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.reason).toBe('stuck');
    expect(stopped[0]?.message).toMatch(/same thing 3 times.*Send another message/);
    // The history ends with the note, so the next message continues the conversation.
    const last = h.agent.messages[h.agent.messages.length - 1];
    expect(last).toMatchObject({ role: 'assistant', content: stopped[0]?.message });
  });

  it('a model that changes its code after the note is not stopped', async () => {
    const fixed = '<execute>\nundefined_name = 2\nprint(undefined_name)\n</execute>';
    const h = harness([code, code, fixed, 'The value is 2.'], (c) =>
      c.includes('= 2')
        ? fakeResult({ stdout: '2\n' })
        : fakeError('NameError', "name 'undefined_name' is not defined"),
    );
    await h.agent.send('go', { onEvent: h.onEvent });
    expect(h.ofType('stopped')).toHaveLength(0);
    expect(h.ofType('final')).toHaveLength(1);
    // Only the turn right after the note was sampled hotter.
    expect(h.engine.requests.map((r) => r.opts.temperature)).toEqual([
      undefined,
      undefined,
      0.7,
      undefined,
    ]);
  });

  it('two different attempts that fail alike run on to the budget, not to stuck', async () => {
    const attempts = [1, 2, 3].map((i) => `<execute>\nprint(x${i})\n</execute>`);
    const h = harness([...attempts, attempts[0]!], () => fakeError('NameError', 'no x'), {
      maxSteps: 3,
    });
    await h.agent.send('go', { onEvent: h.onEvent });
    expect(h.ofType('observation').some((o) => o.text.includes('same code'))).toBe(false);
    expect(h.ofType('stopped')[0]?.reason).toBe('budget');
  });

  it('a configured temperature above 0.7 is kept for the retry', () => {
    expect(retryTemperature(undefined)).toBe(0.7);
    expect(retryTemperature(0)).toBe(0.7);
    expect(retryTemperature(0.9)).toBe(0.9);
  });

  it('a replay plays its recorded turns exactly (it ignores the hotter retry) and ends as stuck', async () => {
    const turns = [code, code, code];
    const engine = new ReplayEngine(
      parseTranscript({ format: 'codeact-replay/1', title: 'Replay: a loop', prompt: 'go', turns }),
      { paceMs: 0 },
    );
    const runner = new FakeRunner(() => fakeError('NameError', 'no'));
    const agent = new CodeActAgent({ engine, runner, dialect: 'codeact' });
    const events: AgentEvent[] = [];
    await agent.send('go', { onEvent: (e) => events.push(e) });
    const replies = events.flatMap((e) => (e.type === 'reply' ? [e.content] : []));
    expect(replies).toEqual(turns);
    expect(events.at(-1)).toMatchObject({ type: 'stopped', reason: 'stuck' });
  });
});
