import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events';
import type { RunResult } from '../../src/runtime/types';
import { ConversationState } from '../../src/ui/state/conversation.svelte';
import { completedSnapshot } from '../../src/storage/snapshot';

const result = (over: Partial<RunResult> = {}): RunResult => ({
  stdout: '3\n',
  stderr: '',
  outputs: [{ type: 'stream', name: 'stdout', text: '3\n' }],
  error: null,
  durationMs: 12,
  timedOut: false,
  interrupted: false,
  restarted: false,
  truncated: false,
  ...over,
});

function play(conv: ConversationState, events: AgentEvent[]): boolean[] {
  return events.map((e) => conv.apply(e));
}

describe('ConversationState.apply', () => {
  it('turns a streamed reply with an action into a message and a code cell', () => {
    const conv = new ConversationState('c1');
    conv.addUserMessage('Sum 1 and 2');
    const checkpoints = play(conv, [
      { type: 'turn-start', turn: 0 },
      { type: 'text-delta', turn: 0, delta: '<thought>easy</thought>Let me ' },
      { type: 'text-delta', turn: 0, delta: 'compute.\n<execute>\nprint(1+' },
    ]);
    expect(checkpoints).toEqual([false, false, false]);
    const streaming = conv.items[1]!;
    expect(streaming).toMatchObject({
      role: 'assistant',
      text: 'Let me compute.',
      thought: 'easy',
      streaming: true,
    });

    play(conv, [
      {
        type: 'reply',
        turn: 0,
        content: '<thought>easy</thought>Let me compute.\n<execute>\nprint(1+2)\n</execute>',
        finishReason: 'stop',
      },
      { type: 'action', turn: 0, actionId: 'a1', code: 'print(1+2)' },
      { type: 'run-start', actionId: 'a1' },
      { type: 'output', actionId: 'a1', output: { type: 'stream', name: 'stdout', text: '3\n' } },
    ]);
    const cell = conv.items[2]!;
    expect(cell).toMatchObject({ kind: 'cell', status: 'running', code: 'print(1+2)' });
    // A save now keeps the reply but not the running cell.
    expect(completedSnapshot(conv.toRecord()).items).toHaveLength(2);

    expect(conv.apply({ type: 'run-end', actionId: 'a1', result: result() })).toBe(true);
    expect(conv.items[2]).toMatchObject({ status: 'done', durationMs: 12 });
    play(conv, [
      { type: 'turn-start', turn: 1 },
      {
        type: 'reply',
        turn: 1,
        content: 'The sum is <solution>3</solution>.',
        finishReason: 'stop',
      },
      { type: 'final', turn: 1, content: 'The sum is 3.' },
    ]);
    expect(conv.items[3]).toMatchObject({
      role: 'assistant',
      text: 'The sum is 3.',
      final: true,
      streaming: false,
    });
    expect(conv.title).toBe('Sum 1 and 2');
  });

  it('a reasoning block streams into its own field; a retry replaces the streamed reply', () => {
    const conv = new ConversationState('c-think');
    conv.addUserMessage('Mean?');
    play(conv, [
      { type: 'turn-start', turn: 0 },
      { type: 'text-delta', turn: 0, delta: '<think>\nI could <execute>print(0)' },
    ]);
    expect(conv.items[1]).toMatchObject({
      text: '',
      reasoning: 'I could <execute>print(0)',
      reasoningOpen: true,
      streaming: true,
    });
    play(conv, [
      { type: 'retry', turn: 0, reason: 'thinking-budget', keptReasoning: 'I could' },
      { type: 'text-delta', turn: 0, delta: '<think>\n\n</think>\n\nIt is 2.' },
    ]);
    const msg = conv.items[1]!;
    expect(msg).toMatchObject({ text: 'It is 2.', reasoningOpen: false });
    expect(msg.kind === 'message' && msg.reasoning).toMatch(
      /^I could\n\n\[Reasoning stopped at its token budget/,
    );
    play(conv, [
      { type: 'reply', turn: 0, content: '<think>\n\n</think>\n\nIt is 2.', finishReason: 'stop' },
    ]);
    expect(conv.items).toHaveLength(2);
    expect(conv.items[1]).toMatchObject({ text: 'It is 2.', streaming: false });
    // The thinking switch travels with the conversation.
    conv.thinking = false;
    expect(ConversationState.fromRecord(conv.toRecord()).thinking).toBe(false);
  });

  it('marks errors, interrupts and restarts on the cell', () => {
    const conv = new ConversationState('c2');
    play(conv, [
      { type: 'action', turn: 0, actionId: 'a', code: '1/0' },
      {
        type: 'run-end',
        actionId: 'a',
        result: result({
          outputs: [],
          error: { ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: 'tb' },
        }),
      },
      { type: 'action', turn: 0, actionId: 'b', code: 'while True: pass' },
      {
        type: 'run-end',
        actionId: 'b',
        result: result({
          interrupted: true,
          restarted: true,
          restartReason: 'Python was restarted',
        }),
      },
    ]);
    expect(conv.items[0]).toMatchObject({ status: 'error', error: { ename: 'ZeroDivisionError' } });
    expect(conv.items[1]).toMatchObject({ status: 'interrupted', notice: 'Python was restarted' });
  });

  it('a stop ends the streaming message and marks queued cells interrupted', () => {
    const conv = new ConversationState('c3');
    play(conv, [
      { type: 'turn-start', turn: 0 },
      { type: 'text-delta', turn: 0, delta: 'Working' },
      { type: 'action', turn: 0, actionId: 'x', code: 'pass' },
      { type: 'stopped', reason: 'user', message: 'Stopped by you.' },
    ]);
    expect(conv.items.map((i) => (i.kind === 'cell' ? i.status : i.role))).toEqual([
      'assistant',
      'interrupted',
      'notice',
    ]);
    expect(conv.items[0]).toMatchObject({ streaming: false });
  });

  it('regenerate drops everything after the last user message', () => {
    const conv = new ConversationState('c4');
    conv.addUserMessage('q');
    play(conv, [
      { type: 'turn-start', turn: 0 },
      { type: 'reply', turn: 0, content: 'answer', finishReason: 'stop' },
    ]);
    conv.dropLastReply();
    expect(conv.items).toHaveLength(1);
  });
});
