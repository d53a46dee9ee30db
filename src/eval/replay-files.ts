// Recorded replies to replay in the Evaluate flow, from files the user picks: `<task-id>.json`
// holding a codeact-replay/1 transcript (what "transcript as replay" downloads, and what
// `npm run eval -- --engine replay --transcripts DIR` reads), or an exported run
// (codeact-eval-run/1), whose every task is replayed from its recorded transcript.
import { parseTranscript, type ReplayTranscript } from '../engine';
import { taskToReplay } from './export';
import type { EvalRun } from './types';

export interface PickedText {
  name: string;
  text: string;
}

/** Task id -> transcript; a bad file is an error naming it, and nothing is half-loaded. */
export function readReplayFiles(files: readonly PickedText[]): Map<string, ReplayTranscript> {
  const out = new Map<string, ReplayTranscript>();
  for (const f of files) {
    let json: unknown;
    try {
      json = JSON.parse(f.text);
    } catch {
      throw new Error(`${f.name} is not JSON.`);
    }
    const run = json as Partial<EvalRun> | null;
    if (run?.format === 'codeact-eval-run/1' && Array.isArray(run.tasks)) {
      for (const t of run.tasks) out.set(t.id, taskToReplay(run as EvalRun, t));
      continue;
    }
    const id = f.name.replace(/\.json$/i, '');
    try {
      out.set(id, parseTranscript(json));
    } catch (e) {
      throw new Error(`${f.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (out.size === 0) throw new Error('No transcripts in the chosen files.');
  return out;
}
