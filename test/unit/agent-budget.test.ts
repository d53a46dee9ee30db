import { describe, expect, it } from 'vitest';
import { COMPACTED_MARKER, compactToFit } from '../../src/agent/compaction';
import { History } from '../../src/agent/history';
import { TokenEstimator } from '../../src/agent/tokens';
import { harness } from '../support/agent-harness';
import { fakeTokens } from '../support/fake-engine';
import { fakeResult } from '../support/fake-runtime';

const obs = (c: string) => `Execution Output:\n${c.repeat(1200)}`;

function sample(): History {
  const h = new History(new TokenEstimator());
  h.append('system', 'SYSTEM PROMPT');
  h.append('user', 'old question');
  h.append('reply', '<execute>\nprint(a)\n</execute>');
  h.append('observation', obs('a'));
  h.append('reply', 'old answer');
  h.append('user', 'new question');
  h.append('reply', '<execute>\nprint(b)\n</execute>');
  h.append('observation', obs('b'));
  h.append('reply', '<execute>\nprint(c)\n</execute>');
  h.append('observation', obs('c'));
  return h;
}

describe('compaction', () => {
  it('shortens the oldest observation first and leaves the rest alone', () => {
    const h = sample();
    const limit = h.total() - 100;
    expect(compactToFit(h, limit)).toBe(true);
    expect(h.total()).toBeLessThanOrEqual(limit);
    expect(h.entries[3]?.content).toContain(COMPACTED_MARKER);
    expect(h.entries[7]?.content).toBe(obs('b'));
    expect(h.entries[9]?.content).toBe(obs('c'));
    expect(h.entries).toHaveLength(10);
  });

  it('then drops old exchanges, never the system prompt or the newest user message', () => {
    const h = sample();
    const limit = 600;
    expect(compactToFit(h, limit)).toBe(true);
    expect(h.total()).toBeLessThanOrEqual(limit);
    expect(h.entries[0]?.content).toBe('SYSTEM PROMPT');
    expect(h.entries[1]?.content).toBe('new question');
    expect(h.entries.at(-1)?.content).toBe(obs('c'));
    // Roles still alternate after the drops.
    const roles = h.entries.map((e) => e.role);
    roles.slice(1).forEach((r, i) => expect(r).toBe(i % 2 === 0 ? 'user' : 'assistant'));
  });

  it('reports when even that is not enough', () => {
    expect(compactToFit(sample(), 50)).toBe(false);
  });
});

describe('context budget in the loop', () => {
  it('keeps every request inside the window while long outputs pile up', async () => {
    const window = 2400;
    const maxTokens = 256;
    const actions = [1, 2, 3, 4].map((i) => `Step ${i}.\n<execute>\nprint(${i})\n`);
    const h = harness(
      [...actions, 'All four steps done.'],
      (code) => fakeResult({ stdout: `${code}\n`.repeat(600) }),
      { contextWindow: window, maxTokens },
    );
    await h.agent.send('analyse', { onEvent: h.onEvent });
    expect(h.ofType('final')).toHaveLength(1);
    expect(h.ofType('error')).toHaveLength(0);
    const observations = h.ofType('observation').map((e) => e.text);
    const system = h.engine.requests[0]!.messages[0];
    h.engine.requests.forEach((req, k) => {
      const used = req.messages.reduce((s, m) => s + fakeTokens(m.content), 0);
      expect(used + maxTokens).toBeLessThanOrEqual(window);
      expect(req.messages[0]).toEqual(system);
      expect(req.messages.some((m) => m.content === 'analyse')).toBe(true);
      if (k > 0) expect(req.messages.at(-1)?.content).toBe(observations[k - 1]);
    });
    const compacted = h.engine.requests.some((r) =>
      r.messages.some((m) => m.content.includes(COMPACTED_MARKER)),
    );
    expect(compacted).toBe(true);
    const usage = h.ofType('usage').at(-1)!;
    expect(usage.contextWindow).toBe(window);
    expect(usage.contextTokens).toBeLessThanOrEqual(window);
  });

  it('refuses a message that cannot fit, clearly, without sending or keeping it', async () => {
    const h = harness(['unused'], undefined, { contextWindow: 1024, maxTokens: 128 });
    await h.agent.send('x'.repeat(10_000), { onEvent: h.onEvent });
    expect(h.engine.requests).toHaveLength(0);
    expect(h.ofType('error')[0]?.message).toMatch(/does not fit the model's context window/);
    expect(h.agent.messages.map((m) => m.role)).toEqual(['system']);
  });

  it('recovers from an engine context-window error by compacting harder and retrying', async () => {
    const error = 'ContextWindowSizeExceededError: Prompt tokens exceed context window size';
    const h = harness([{ content: '', error }, 'Recovered.']);
    await h.agent.send('hello', { onEvent: h.onEvent });
    expect(h.engine.requests).toHaveLength(2);
    expect(h.ofType('error')).toHaveLength(0);
    expect(h.ofType('final')[0]?.content).toBe('Recovered.');
  });
});
