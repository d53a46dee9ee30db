// EvalState (the in-app Evaluate flow) over a SCRIPTED FAKE runner (no model, no Python): it
// plays task starts and finished records on a fake clock, honouring the AbortSignal the way
// src/eval/runner.ts does (a stopped run returns the finished tasks, marked stoppedEarly).
import { describe, expect, it, vi } from 'vitest';
import type { AppEvalRequest } from '../../src/eval/app-run';
import { runAppEval } from '../../src/eval/app-run';
import type { EvalHooks, OwnedEvalPython } from '../../src/eval/browser-run';
import { EvalResultsStore } from '../../src/eval/results-store';
import { summarise } from '../../src/eval/summary';
import { SUITE_NOTICE, type EvalRun, type EvalTask, type TaskRecord } from '../../src/eval/types';
import { EvalState, type EvalRunner } from '../../src/ui/eval/eval.svelte';
import { FakeEngine } from '../support/fake-engine';
import { MemoryStorage } from '../support/memory-storage';

const dialect = { series: 'codeact', prompt: 'codeact', endTokens: ['<|im_end|>'] } as never;

function record(id: string, strict: boolean): TaskRecord {
  return {
    ...{ id, group: 'compute', title: id, strict, tolerant: strict, detail: '' },
    ...{ turns: 2, codeActions: 1, errorsRecovered: 0, figures: 0 },
    ...{ promptTokens: 10, completionTokens: 5, decodeTokPerS: 20, ending: 'final answer' },
    ...{ tokensEstimated: false, repeatWarnings: 0, noCode: false },
    ...{ finalAnswer: '1', wallMs: 1000, transcript: [{ role: 'assistant', content: 'x' }] },
  };
}

/**
 * Each task takes `taskMs` on the fake clock; `observe` runs after each hook call (to read the
 * state as a component would); `gate.wait` holds the second task until `gate.release()`.
 */
function scriptedRunner(clock: { t: number }, ids: string[], observe: (what: string) => void) {
  const seen: AppEvalRequest[] = [];
  const gate = { wait: false, release: () => {}, reached: Promise.resolve() };
  let reached = () => {};
  gate.reached = new Promise<void>((r) => (reached = r));
  const runner: EvalRunner = async (req: AppEvalRequest, hooks: EvalHooks) => {
    seen.push(req);
    const records: TaskRecord[] = [];
    for (const [i, id] of ids.entries()) {
      if (hooks.signal?.aborted) break;
      hooks.onTaskStart?.({ id } as EvalTask, i, ids.length);
      observe('start');
      if (gate.wait && i === 1) {
        reached();
        await new Promise<void>((r) => (gate.release = r));
      }
      if (hooks.signal?.aborted) break; // a half-run task is not scored
      clock.t += 1000;
      const r = record(id, i % 2 === 0);
      records.push(r);
      hooks.onRecord?.(r, records.length, ids.length);
      observe('record');
    }
    return {
      format: 'codeact-eval-run/1',
      notice: SUITE_NOTICE,
      engine: { kind: 'fake', modelId: 'fake-model', label: 'FAKE engine' },
      simulated: true,
      date: new Date(1_800_000_000_000 + seen.length * 1000).toISOString(),
      appVersion: 'test',
      selection: { group: req.group, sample: req.sample ?? null, seed: 1 },
      stoppedEarly: records.length < ids.length,
      tasks: records,
      totals: summarise(records),
    } satisfies EvalRun;
  };
  return { runner, seen, gate };
}

function setup(storage: Storage = new MemoryStorage(), ids = ['a', 'b', 'c', 'd']) {
  const clock = { t: 0 };
  const log: string[] = [];
  const ref: { state?: EvalState } = {};
  const scripted = scriptedRunner(clock, ids, (what) => {
    const s = ref.state!;
    log.push(`${what} ${s.current} ${s.done}/${s.total} eta=${s.etaMs}`);
  });
  const engine = new FakeEngine([]);
  const state = (ref.state = new EvalState({
    engine: () => ({ engine, dialect }),
    runner: scripted.runner,
    store: new EvalResultsStore(storage),
    now: () => clock.t,
  }));
  return { state, clock, log, storage, ...scripted };
}

describe('EvalState', () => {
  it('says why it cannot start without an engine, or with a single replay transcript', async () => {
    let engine: { kind: string } | null = null;
    const state = new EvalState({
      engine: () => (engine ? ({ engine, dialect } as never) : null),
      store: new EvalResultsStore(new MemoryStorage()),
    });
    expect(state.source).toEqual({ reason: expect.stringMatching(/load a model/) });
    await state.start();
    expect(state.status).toBe('idle');
    expect(state.error).toMatch(/load a model/);
    engine = { kind: 'replay' };
    expect(state.source).toEqual({ reason: expect.stringMatching(/single replay transcript/) });
  });

  it('runs the quick sample on the engine, with progress and an ETA from the mean task time', async () => {
    const { state, seen, log } = setup();
    expect(state.choice).toBe('sample');
    await state.start();
    expect(seen[0]).toMatchObject({ group: 'all', sample: 10, source: { kind: 'engine' } });
    expect(log).toEqual([
      'start a 0/4 eta=null',
      'record a 1/4 eta=3000',
      'start b 1/4 eta=3000',
      'record b 2/4 eta=2000',
      'start c 2/4 eta=2000',
      'record c 3/4 eta=1000',
      'start d 3/4 eta=1000',
      'record d 4/4 eta=0',
    ]);
    expect(state.status).toBe('done');
    expect(state.current).toBe('');
    expect(state.run?.totals).toMatchObject({ tasks: 4, strict: 2 });
    expect(state.runs.map((r) => r.date)).toEqual([state.run?.date]);
  });

  it('runs a chosen group', async () => {
    const { state, seen } = setup();
    state.choice = 'tools';
    await state.start();
    expect(seen[0]).toMatchObject({ group: 'tools' });
    expect(seen[0]).not.toHaveProperty('sample');
  });

  it('Stop keeps the finished tasks, marks the run stopped and keeps it', async () => {
    const { state, gate } = setup();
    gate.wait = true;
    const running = state.start();
    await gate.reached;
    expect(state.running).toBe(true);
    expect(state.current).toBe('b');
    state.stop();
    gate.release();
    await running;
    expect(state.status).toBe('stopped');
    expect(state.run?.stoppedEarly).toBe(true);
    expect(state.run?.tasks.map((t) => t.id)).toEqual(['a']);
    expect(state.runs[0]?.tasks.map((t) => t.id)).toEqual(['a']);
  });

  it('keeps runs side by side across instances, and deletes one', async () => {
    const storage = new MemoryStorage();
    const first = setup(storage);
    await first.state.start();
    await first.state.start();
    const again = setup(storage).state; // a reload: runs come back from storage
    expect(again.runs).toHaveLength(2);
    again.show(again.runs[1]!);
    expect(again.run?.date).toBe(again.runs[1]!.date);
    again.remove(again.runs[1]!);
    expect(again.runs).toHaveLength(1);
    expect(again.run).toBeNull();
  });

  it('a full storage is a clear message; the run is still shown for export', async () => {
    class FullStorage extends MemoryStorage {
      override setItem(): void {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
    }
    const { state } = setup(new FullStorage());
    await state.start();
    expect(state.status).toBe('done');
    expect(state.saveError).toMatch(/storage is full.*export/i);
    expect(state.run?.tasks).toHaveLength(4);
    expect(state.runs).toEqual([]);
  });

  it('a failing run is an error with its message, not a result', async () => {
    const state = new EvalState({
      engine: () => ({ engine: new FakeEngine([]), dialect }),
      runner: () => Promise.reject(new Error('Eval suite: unknown task id(s): nope')),
      store: new EvalResultsStore(new MemoryStorage()),
    });
    await state.start();
    expect(state.status).toBe('error');
    expect(state.error).toBe('Eval suite: unknown task id(s): nope');
    expect(state.run).toBeNull();
  });

  it('replays recorded transcripts keyed by file name; a bad file loads nothing and says why', async () => {
    const { state, seen } = setup();
    const transcript = { format: 'codeact-replay/1', title: 't', prompt: 'p', turns: ['x'] };
    await state.loadReplays([
      { name: 'is-it-prime.json', text: JSON.stringify(transcript) },
      { name: 'bad.json', text: '{"format": "nope"}' },
    ]);
    expect(state.replays).toBeNull();
    expect(state.replayError).toMatch(/^bad\.json: Invalid replay transcript/);
    await state.loadReplays([{ name: 'is-it-prime.json', text: JSON.stringify(transcript) }]);
    expect(state.replayError).toBe('');
    expect(state.source).toEqual({
      label: expect.stringMatching(/Replay of 1/),
      note: 'replay — recorded output, not a model measurement',
    });
    await state.start();
    expect(seen[0]?.source).toEqual({
      kind: 'replays',
      transcripts: { 'is-it-prime': transcript },
    });
    state.clearReplays();
    // The FAKE engine is labelled as simulated too.
    expect(state.source).toMatchObject({ note: expect.stringMatching(/^simulated/) });
  });

  it('replays an exported run: every task from its recorded replies', async () => {
    const { state, seen } = setup();
    await state.start(); // a run of the FAKE runner, exported as JSON
    const exported = JSON.stringify(state.run);
    await state.loadReplays([{ name: 'eval-fake-model-2027.json', text: exported }]);
    expect([...(state.replays?.keys() ?? [])]).toEqual(['a', 'b', 'c', 'd']);
    expect(state.replays?.get('a')).toMatchObject({ format: 'codeact-replay/1', turns: ['x'] });
    await state.start();
    expect(seen[1]?.source.kind).toBe('replays');
    await state.loadReplays([{ name: 'notes.json', text: 'not json' }]);
    expect(state.replayError).toBe('notes.json is not JSON.');
    expect(state.replays?.size).toBe(4); // the earlier choice is kept
  });

  it('Stop before any task finished (e.g. while Python starts): stopped, no run, nothing kept', async () => {
    const state = new EvalState({
      engine: () => ({ engine: new FakeEngine([]), dialect }),
      // Like runTasks when python.start() sees the abort: it rejects.
      runner: (_req, hooks) =>
        new Promise((_resolve, reject) =>
          hooks.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
      store: new EvalResultsStore(new MemoryStorage()),
    });
    const running = state.start();
    expect(state.running).toBe(true);
    state.stop();
    await running;
    expect(state.status).toBe('stopped');
    expect(state.error).toBe('');
    expect(state.run).toBeNull();
    expect(state.runs).toEqual([]);
  });

  it('shows the run size and its Python starting before that Python is ready (a cold start is slow)', async () => {
    // The evaluation's own Python, held at its start (as on a busy machine, where a second cold
    // Pyodide took minutes): the run must already say how many tasks and what it waits for.
    let progress: (p: { message: string }) => void = () => {};
    const held = {
      start: ({ signal }: { signal?: AbortSignal }) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('cancelled'))),
        ),
      onProgress: (cb: typeof progress) => (progress = cb),
      dispose: () => {},
    } as unknown as OwnedEvalPython;
    const state = new EvalState({
      engine: () => null,
      runner: (req, hooks) => runAppEval(req, hooks, { python: () => held }),
      store: new EvalResultsStore(new MemoryStorage()),
    });
    const turns = ['The answer.'];
    await state.loadReplays(
      ['divisible-count', 'merge-intervals'].map((id) => ({
        name: `${id}.json`,
        text: JSON.stringify({ format: 'codeact-replay/1', title: id, prompt: id, turns }),
      })),
    );
    state.choice = 'all';
    const running = state.start();
    await new Promise((r) => setTimeout(r, 0)); // the runner module is imported
    await vi.waitFor(() => expect(state.total).toBe(2));
    expect(state.done).toBe(0);
    expect(state.starting).toMatch(/Starting Python for the evaluation/);
    progress({ message: 'Loading workspace files' });
    expect(state.starting).toBe('Loading workspace files');
    state.stop();
    await running;
    expect(state.status).toBe('stopped');
    expect(state.starting).toBe('');
  });
});
