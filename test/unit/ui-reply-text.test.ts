import { describe, expect, it } from 'vitest';
import { closePartialMarkdown, splitReply } from '../../src/ui/markdown/reply-text';

describe('splitReply', () => {
  it('takes thoughts out and cuts execute blocks', () => {
    const r = splitReply(
      '<thought>I should sum</thought>Let me sum.\n<execute>\nprint(1)\n</execute>\nDone.',
    );
    expect(r.thought).toBe('I should sum');
    expect(r.prose).toBe('Let me sum.\n\nDone.');
  });

  it('hides an execute block still streaming and a half-written tag', () => {
    expect(splitReply('Running it.\n<execute>\nimport cs').prose).toBe('Running it.');
    expect(splitReply('Running it.\n<exe').prose).toBe('Running it.');
    expect(splitReply('a < b').prose).toBe('a < b');
  });

  it('shows an open thought as thought, not prose, and keeps the solution text', () => {
    expect(splitReply('<thought>hmm, maybe').thought).toBe('hmm, maybe');
    expect(splitReply('<thought>hmm, maybe').prose).toBe('');
    expect(splitReply('The answer is <solution>42</solution>.').prose).toBe('The answer is 42.');
  });
});

describe('closePartialMarkdown', () => {
  it('closes an unterminated fence and leaves balanced text alone', () => {
    expect(closePartialMarkdown('text\n```python\nx = 1')).toBe('text\n```python\nx = 1\n```');
    expect(closePartialMarkdown('```\na\n```')).toBe('```\na\n```');
  });
});
