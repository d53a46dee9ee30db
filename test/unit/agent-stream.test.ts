import { describe, expect, it } from 'vitest';
import { accountUsage, extendsState } from '../../src/agent/accounting';
import { dedentCode } from '../../src/agent/code-text';
import { History } from '../../src/agent/history';
import { StopStringGuard } from '../../src/agent/stream-guard';
import { TokenEstimator } from '../../src/agent/tokens';

describe('StopStringGuard', () => {
  it('holds back a possible stop string and drops it once complete', () => {
    const g = new StopStringGuard(['</execute>', '<|im_end|>']);
    expect(g.push('print(1)\n</exe')).toBe('print(1)\n');
    expect(g.push('cute')).toBe('');
    expect(g.push('> tail')).toBe('');
    expect(g.finish('print(1)\n')).toBe('');
    expect(g.emitted).toBe('print(1)\n');
  });

  it('releases held text when it turns out not to be a stop string', () => {
    const g = new StopStringGuard(['</execute>']);
    expect(g.push('a <')).toBe('a ');
    expect(g.push('b')).toBe('<b');
  });

  it('finishes with the rest of the final message', () => {
    const g = new StopStringGuard(['<|im_end|>']);
    expect(g.push('Hello <|im')).toBe('Hello ');
    expect(g.finish('Hello <|im fine')).toBe('<|im fine');
  });
});

describe('dedentCode', () => {
  it('strips the space after the tag and common indentation, keeps nesting', () => {
    expect(dedentCode(' print("hi") ')).toBe('print("hi")');
    expect(dedentCode('\n\n  a = 1\n  if a:\n      b = 2\n\n')).toBe('a = 1\nif a:\n    b = 2');
  });
});

describe('token accounting from engine usage', () => {
  function history() {
    const h = new History(new TokenEstimator());
    h.append('system', 's'.repeat(300));
    h.append('user', 'u'.repeat(30));
    return h;
  }

  it('attributes a full prefill to every message', () => {
    const h = history();
    const reply = h.append('reply', 'r'.repeat(40));
    accountUsage(
      h,
      new TokenEstimator(),
      2,
      reply,
      { promptTokens: 100, completionTokens: 10 },
      false,
    );
    expect(h.entries.map((e) => e.tokens)).toEqual([88, 12, 14]);
    expect(h.total()).toBe(114);
  });

  it('attributes a reused-cache prefill to the new messages only', () => {
    const h = history();
    h.entries.forEach((e) => (e.tokens = 50));
    h.append('reply', 'r'.repeat(40), 14);
    h.append('observation', 'o'.repeat(400));
    const reply = h.append('reply', 'x'.repeat(40));
    accountUsage(
      h,
      new TokenEstimator(),
      4,
      reply,
      { promptTokens: 120, completionTokens: 10 },
      true,
    );
    expect(h.entries[3]?.tokens).toBe(120);
    expect(h.entries[0]?.tokens).toBe(50);
  });

  it('matches WebLLM: the request must extend the cached conversation exactly', () => {
    const state = { messages: [{ role: 'user' as const, content: 'q' }], reply: 'a' };
    const next = [
      { role: 'user' as const, content: 'q' },
      { role: 'assistant' as const, content: 'a' },
      { role: 'user' as const, content: 'more' },
    ];
    expect(extendsState(state, next)).toBe(true);
    expect(extendsState(state, [next[0]!, { ...next[1]!, content: 'a</execute>' }, next[2]!])).toBe(
      false,
    );
    expect(extendsState(undefined, next)).toBe(false);
  });
});
