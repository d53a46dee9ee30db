// Evaluation runs kept in the browser (localStorage), newest first, so runs of different models
// can be compared side by side. Transcripts are kept too: export before clearing.
import { isQuotaError } from '../errors/quota';
import { localStore, type KeyValueStore } from '../storage/guarded';
import type { EvalRun } from './types';

const KEY = 'codeact.eval.runs/1';

export class EvalResultsStore {
  /** `storage`: the page's (or, where the browser refuses it, this visit's) by default. */
  constructor(private readonly storage: KeyValueStore | undefined = localStore()) {}

  list(): EvalRun[] {
    try {
      const raw = this.storage?.getItem(KEY);
      if (!raw) return [];
      const runs = JSON.parse(raw) as unknown;
      return Array.isArray(runs)
        ? runs.filter((r): r is EvalRun => (r as EvalRun)?.format === 'codeact-eval-run/1')
        : [];
    } catch {
      return []; // unreadable data is left in place, not overwritten, until the next save
    }
  }

  /** Adds a run; a full storage is a clear error and the stored runs stay as they were. */
  save(run: EvalRun): void {
    if (!this.storage)
      throw new Error('This browser keeps no local storage: export the run instead.');
    const runs = [run, ...this.list()];
    try {
      this.storage.setItem(KEY, JSON.stringify(runs));
    } catch (e) {
      if (isQuotaError(e))
        throw new Error(
          'The browser storage is full: export older runs and remove them, then save again.',
        );
      throw e;
    }
  }

  remove(date: string): void {
    this.storage?.setItem(KEY, JSON.stringify(this.list().filter((r) => r.date !== date)));
  }
}
