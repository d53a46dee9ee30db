// What one finished step tells the model and the user: the observation text (with a note when
// the model repeats itself), a notice for the cell, and whether the loop is stuck.
import type { CodeRunner, RunResult } from '../runtime/types';
import type { GuardedAction } from './code-guard';
import type { AgentEvent } from './events';
import { errorMessage } from './generate';
import { stoppedByUser, type Emit } from './loop-helpers';
import {
  INTERRUPTED,
  issueObservation,
  observationMessage,
  onlyToolDefinitionsObservation,
  REPEATED_REPLY_NOTE,
  repeatedActionNote,
  runtimeFailedNote,
  toolsImportedNote,
  toolsKeptNote,
  workedExampleObservation,
} from './model-texts';
import { formatRunResult, missingPackages, type ObservationContext } from './observation';
import type { PackageList } from './package-list';
import type { ParseIssue } from './parser';
import type { StuckDetector, StuckVerdict } from './stuck';
import { missingPackageNotice, toolsImportedNotice, toolsKeptNotice } from './user-notices';

export interface StepReport {
  /** The observation message for the model (prefix included). */
  observation: string;
  /** For the person, next to the cell (never in the model's context). */
  notice?: string;
  verdict?: StuckVerdict;
}

/** The temperature of the one turn after a warning (see retryTemperature). */
export const RETRY_TEMPERATURE = 0.7;

/**
 * A retry after a repetition is sampled at 0.7 (or the configured temperature when higher):
 * at temperature 0 the same context gives the same tokens, and 0.7 is the sampling default
 * Qwen2.5 instruct models ship in their generation_config. Engines that ignore temperature
 * (replays) replay exactly.
 */
export function retryTemperature(configured: number | undefined): number {
  return Math.max(RETRY_TEMPERATURE, configured ?? 0);
}

function errorKey(result: RunResult): string | undefined {
  if (result.timedOut) return 'the run timed out';
  const e = result.error;
  return e ? `${e.ename}: ${e.evalue}`.trim() : undefined;
}

export function reportRun(
  code: string,
  result: RunResult,
  timeoutMs: number,
  ctx: ObservationContext,
  detector: StuckDetector,
  lead?: string,
): StepReport {
  const body = formatRunResult(result, timeoutMs, ctx);
  const error = errorKey(result);
  const verdict = detector.record({
    kind: 'action',
    code,
    observation: body,
    ...(error ? { error } : {}),
  });
  const missing = missingPackages(result);
  let text = lead ? `${lead}\n${body}` : body;
  if (verdict?.level === 'warn') {
    const kind = verdict.pattern === 'alternating' ? 'alternating' : error ? 'error' : 'output';
    // A missing package's own error is written for developers: its note is already in the body.
    text += `\n${repeatedActionNote(kind, missing.length > 0 ? undefined : error)}`;
  }
  return {
    observation: observationMessage(text),
    ...(missing.length > 0 ? { notice: missingPackageNotice(missing) } : {}),
    ...(verdict ? { verdict } : {}),
  };
}

/** An action that code-guard.ts did not let run: why, for the model, and any repetition. */
export function reportRefused(
  code: string,
  guard: Extract<GuardedAction, { run: false }>,
  detector: StuckDetector,
  question: string,
  tools: readonly string[] = [],
): { observation: string; verdict?: StuckVerdict } {
  const observation =
    guard.why === 'worked-example'
      ? workedExampleObservation(question, tools)
      : onlyToolDefinitionsObservation(guard.removed);
  const verdict = detector.record({ kind: 'action', code, observation, error: guard.why });
  const text = verdict?.level === 'warn' ? `${observation}\n${REPEATED_REPLY_NOTE}` : observation;
  return { observation: text, ...(verdict ? { verdict } : {}) };
}

/** A reply with no runnable action: its fixed observation, plus a note when it repeats. */
export function reportInvalid(
  parsed: { stored: string; issue?: ParseIssue },
  reasoningClose: string,
  detector: StuckDetector,
): { observation: string; verdict?: StuckVerdict } {
  const observation = issueObservation(parsed.issue, reasoningClose);
  const verdict = detector.record({ kind: 'reply', text: parsed.stored });
  const text = verdict?.level === 'warn' ? `${observation}\n${REPEATED_REPLY_NOTE}` : observation;
  return { observation: text, ...(verdict ? { verdict } : {}) };
}

export type ActionRun =
  | { ok: true; result: RunResult }
  /** The run did not finish: the observation for the model and the event that ends the loop. */
  | { ok: false; observation: string; end: AgentEvent };

export async function runAction(
  runner: CodeRunner,
  code: string,
  actionId: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  emit: Emit,
): Promise<ActionRun> {
  try {
    const onOutput = (output: RunResult['outputs'][number]) =>
      emit({ type: 'output', actionId, output });
    return { ok: true, result: await runner.run(code, { signal, timeoutMs, onOutput }) };
  } catch (error) {
    if (signal?.aborted)
      return { ok: false, observation: observationMessage(INTERRUPTED), end: stoppedByUser() };
    return {
      ok: false,
      observation: observationMessage(runtimeFailedNote(errorMessage(error))),
      end: { type: 'error', message: `Running the code failed: ${errorMessage(error)}` },
    };
  }
}

/**
 * The report of a finished run: a failed package load corrects the list first (so the
 * observation names what is left), and a missing file is answered with the files there are.
 */
export async function observeRun(
  code: string,
  result: RunResult,
  ctx: {
    runner: CodeRunner;
    timeoutMs: number;
    packages: PackageList;
    detector: StuckDetector;
    /** Tool functions whose definitions in the model's code were left out (code-guard.ts). */
    toolsKept?: readonly string[];
    /** Tool functions whose import from a module was left out (code-guard.ts). */
    toolsImported?: readonly string[];
    /** All the agent's tool functions, by name. */
    tools?: readonly string[];
  },
): Promise<StepReport> {
  ctx.packages.fail(missingPackages(result));
  let files: string[] | undefined;
  if (result.error?.ename === 'FileNotFoundError') {
    try {
      files = await fileNames(ctx.runner);
    } catch {
      files = undefined; // the observation then says only what Python said
    }
  }
  const context = {
    importable: ctx.packages.names,
    tools: ctx.tools ?? [],
    ...(files ? { files } : {}),
  };
  const kept = ctx.toolsKept ?? [];
  const imported = ctx.toolsImported ?? [];
  const leads = [
    ...(imported.length > 0 ? [toolsImportedNote(imported)] : []),
    ...(kept.length > 0 ? [toolsKeptNote(kept)] : []),
  ];
  const lead = leads.length > 0 ? leads.join('\n') : undefined;
  const report = reportRun(code, result, ctx.timeoutMs, context, ctx.detector, lead);
  if (!lead) return report;
  const notices = [
    ...(imported.length > 0 ? [toolsImportedNotice(imported)] : []),
    ...(kept.length > 0 ? [toolsKeptNotice(kept)] : []),
  ];
  const notice = [...notices, report.notice].filter(Boolean).join(' ');
  return { ...report, notice };
}

/** The paths in /workspace, from a runner that can list them (PythonClient can). */
async function fileNames(runner: CodeRunner): Promise<string[] | undefined> {
  const list = (runner as { listFiles?: () => Promise<unknown> }).listFiles;
  if (!list) return undefined;
  const files = await list.call(runner);
  if (!Array.isArray(files)) return undefined;
  return files.flatMap((f: unknown) =>
    typeof f === 'object' && f !== null && typeof (f as { path?: unknown }).path === 'string'
      ? [(f as { path: string }).path]
      : [],
  );
}
