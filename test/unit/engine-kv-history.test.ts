import { describe, expect, it } from 'vitest';
import { alignHistoryWithEngine } from '../../src/engine/local/webllm/kv-history';
import type { ChatMessage } from '../../src/engine/engines/types';

const stop = ['</execute>', '<|im_end|>'];

describe('history sent to WebLLM matches what it stored (KV-cache reuse)', () => {
  it('removes a re-appended stop string from earlier assistant turns only', () => {
    const history: ChatMessage[] = [
      { role: 'system', content: 'sys </execute>' },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'Let me run it.\n<execute>\nprint(1)\n</execute>' },
      { role: 'user', content: 'Execution Output:\n1\n' },
    ];
    const sent = alignHistoryWithEngine(history, stop);
    // WebLLM stored the reply as its final message: stop string removed.
    expect(sent[2]!.content).toBe('Let me run it.\n<execute>\nprint(1)\n');
    expect(sent[0]).toEqual(history[0]);
    expect(sent[3]).toEqual(history[3]);
  });

  it('keeps consecutive requests prefix-extensions of each other', () => {
    const turn1: ChatMessage[] = [
      { role: 'system', content: 's' },
      { role: 'user', content: 'q' },
    ];
    const turn2: ChatMessage[] = [
      ...turn1,
      { role: 'assistant', content: '<execute>\nx = 1\n</execute>' },
      { role: 'user', content: 'Execution Output:\n[Code executed successfully with no output]' },
    ];
    const a = alignHistoryWithEngine(turn1, stop);
    const b = alignHistoryWithEngine(turn2, stop);
    expect(b.slice(0, a.length)).toEqual(a);
  });

  it('leaves final answers (no stop string) untouched', () => {
    const m: ChatMessage[] = [{ role: 'assistant', content: 'The answer is 4.' }];
    expect(alignHistoryWithEngine(m, stop)).toEqual(m);
  });
});
