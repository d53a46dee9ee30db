// Exports and browser storage of evaluation runs (pure code; the run is a small hand-made one).
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/engine/engines/replay/replay-engine';
import { formatTable } from '../../scripts/eval.mjs';
import { runToCsv, runToJson, taskToReplay } from '../../src/eval/export';
import { EvalResultsStore } from '../../src/eval/results-store';
import { summarise } from '../../src/eval/summary';
import { SUITE_NOTICE, type EvalRun, type TaskRecord } from '../../src/eval/types';

const record = (id: string, strict: boolean, ending = 'final answer'): TaskRecord => ({
  id,
  group: 'compute',
  title: id,
  strict,
  tolerant: strict,
  detail: 'expected True; read yes',
  turns: 2,
  codeActions: 1,
  errorsRecovered: 0,
  figures: 0,
  promptTokens: 100,
  completionTokens: 20,
  decodeTokPerS: 12.5,
  tokensEstimated: true,
  repeatWarnings: 0,
  wallMs: 1500,
  ending,
  noCode: false,
  finalAnswer: 'True',
  transcript: [
    { role: 'system', content: 'system prompt' },
    { role: 'user', content: 'Is it prime?' },
    { role: 'assistant', content: 'Let me check.\n<execute>\nprint(True)\n</execute>' },
    { role: 'user', content: 'Execution Output:\nTrue' },
    { role: 'assistant', content: 'True' },
  ],
});

const run = (date: string, tasks: TaskRecord[]): EvalRun => ({
  format: 'codeact-eval-run/1',
  notice: SUITE_NOTICE,
  engine: { kind: 'fake', modelId: 'fake-model', label: 'Fake engine (unit tests)' },
  simulated: true,
  date,
  appVersion: 'test',
  selection: { group: 'compute', sample: null, seed: 1 },
  stoppedEarly: false,
  tasks,
  totals: summarise(tasks),
});

class MemoryStorage {
  items = new Map<string, string>();
  full = false;
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.full) throw new DOMException('exceeded', 'QuotaExceededError');
    this.items.set(k, v);
  }
}

describe('eval exports', () => {
  it('CSV has a row per task, quotes fields with commas or quotes, and no transcripts', () => {
    const csv = runToCsv(
      run('2026-12-01T00:00:00Z', [record('a', true), record('b', false, 'error: x, "y"')]),
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'model,engine,simulated,date,id,group,strict,tolerant,turns,codeActions,errorsRecovered,figures,promptTokens,completionTokens,tokensEstimated,decodeTokPerS,wallMs,ending,noCode,repeatWarnings',
    );
    expect(lines[1]).toBe(
      'fake-model,fake,true,2026-12-01T00:00:00Z,a,compute,true,true,2,1,0,0,100,20,true,12.5,1500,final answer,false,0',
    );
    expect(lines[2]).toContain(',"error: x, ""y"""');
    expect(csv).not.toContain('system prompt');
  });

  it('totals count the endings apart (final, stuck, budget) and the tasks answered with no code', () => {
    const noCode = { ...record('c', false), codeActions: 0, noCode: true };
    const t = summarise([
      record('a', true),
      record('b', false, 'stuck'),
      record('d', false, 'execution budget reached'),
      record('e', false, 'error: x'),
      noCode,
    ]);
    expect(t.endings).toEqual({ final: 2, stuck: 1, budget: 1, other: 1 });
    expect(t.noCode).toBe(1);
    // The printed table says the same, and marks estimated speeds.
    const table = formatTable(run('2026-12-01T00:00:00Z', [record('a', true), noCode]));
    expect(table).toContain(
      'endings: 2 final answer, 0 stuck, 0 budget reached, 0 other; 1 answered with no code',
    );
    expect(table).toMatch(/12\.5 est\./);
  });

  it('JSON is the run itself', () => {
    const r = run('2026-12-01T00:00:00Z', [record('a', true)]);
    expect(JSON.parse(runToJson(r))).toEqual(r);
  });

  it("a task's transcript exports as a valid codeact-replay/1 file of the model's replies", () => {
    const r = run('2026-12-01T00:00:00Z', [record('a', true)]);
    const replay = parseTranscript(taskToReplay(r, r.tasks[0]!));
    expect(replay.turns).toEqual(['Let me check.\n<execute>\nprint(True)\n</execute>', 'True']);
    expect(replay.prompt).toBe('Is it prime?');
    expect(replay.title).toMatch(/^Replay of eval task a/);
  });
});

describe('eval results store', () => {
  it('keeps runs newest first, removes one, and a full storage is a clear error that loses nothing', () => {
    const storage = new MemoryStorage();
    const store = new EvalResultsStore(storage as unknown as Storage);
    store.save(run('2026-12-01T00:00:00Z', [record('a', true)]));
    store.save(run('2026-12-02T00:00:00Z', [record('a', false)]));
    expect(store.list().map((r) => r.date)).toEqual([
      '2026-12-02T00:00:00Z',
      '2026-12-01T00:00:00Z',
    ]);
    storage.full = true;
    expect(() => store.save(run('2026-12-03T00:00:00Z', []))).toThrow(/storage is full/);
    expect(store.list()).toHaveLength(2);
    storage.full = false;
    store.remove('2026-12-02T00:00:00Z');
    expect(store.list().map((r) => r.date)).toEqual(['2026-12-01T00:00:00Z']);
  });

  it('ignores unreadable stored data instead of failing', () => {
    const storage = new MemoryStorage();
    storage.setItem('codeact.eval.runs/1', '{not json');
    expect(new EvalResultsStore(storage as unknown as Storage).list()).toEqual([]);
  });

  it('a storage that refuses to be read (an opaque-origin frame) lists nothing and saving says why', () => {
    const denied = {
      getItem: () => {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    } as unknown as Storage;
    const store = new EvalResultsStore(denied);
    expect(store.list()).toEqual([]);
    expect(() => store.save(run('2026-12-01T00:00:00Z', []))).toThrow(/Access is denied/);
  });
});
