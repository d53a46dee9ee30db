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

describe('splitReply: reasoning blocks', () => {
  it('a closed <think> goes to the reasoning; an <execute> inside it stays reasoning text', () => {
    const r = splitReply(
      '<think>\nMaybe <execute>print("draft")</execute> first.\n</think>\n\nI will run it.\n<execute>\nprint(1)\n</execute>',
    );
    expect(r.reasoning).toBe('Maybe <execute>print("draft")</execute> first.');
    expect(r.reasoningOpen).toBe(false);
    expect(r.prose).toBe('I will run it.');
  });

  it('while streaming: an open block, and a half-written opener, show no prose', () => {
    expect(splitReply('<think>\nstill thin')).toMatchObject({
      reasoning: 'still thin',
      reasoningOpen: true,
      prose: '',
    });
    expect(splitReply('<thi')).toMatchObject({ prose: '', reasoning: '' });
    expect(splitReply('').reasoningOpen).toBe(false);
  });

  it('thinking off (an empty block) shows no reasoning; Gemma’s channel is reasoning too', () => {
    expect(splitReply('<think>\n\n</think>\n\nIt is 2.')).toMatchObject({
      reasoning: '',
      prose: 'It is 2.',
    });
    expect(splitReply('<|channel>thought\npandas<channel|>Done.')).toMatchObject({
      reasoning: 'pandas',
      prose: 'Done.',
    });
  });
});

describe('closePartialMarkdown', () => {
  it('closes an unterminated fence and leaves balanced text alone', () => {
    expect(closePartialMarkdown('text\n```python\nx = 1')).toBe('text\n```python\nx = 1\n```');
    expect(closePartialMarkdown('```\na\n```')).toBe('```\na\n```');
  });
});
