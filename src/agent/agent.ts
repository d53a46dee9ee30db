// The CodeAct loop: user message -> reply -> run its code -> observation -> reply ... until
// a reply without code (the answer), the user's stop, or the execution budget.
// The history is append-only and stores the engine's exact final text, so each request
// extends the previous one and the engine can reuse its KV cache.
//
// Events per model turn, in order: turn-start, text-delta*, reply, usage?, thought*, then either
// final, or action -> run-start -> output* -> run-end -> observation, or an observation alone
// (empty or unfinished code; or observation + checked: the compute check sent an answer back).
// The loop ends with final, stopped (user or budget) or error; afterwards the history ends with
// an assistant message, or a user-side message (stopped run, failed request) that the next
// `send` merges into.
import type { ChatMessage } from '../engine/engines/types';
import type { PythonTool, RunResult } from '../runtime/types';
import { accountUsage, engineStateAfter, extendsState, type EngineState } from './accounting';
import type { Agent, AgentConfig, SendOptions } from './api';
import { compactToFit } from './compaction';
import { computeCheck } from './compute-check';
import { errorMessage, isContextWindowError } from './generate';
import { History, kindOf } from './history';
import { validateMessages } from './load-messages';
import {
  doesNotFit,
  freshLoop,
  listener,
  positiveInt,
  stoppedByUser,
  stoppedReplyText,
  type Emit,
  type LoopState,
} from './loop-helpers';
import { budgetNote, manualRunMessage, notRunObservation, stuckNote } from './model-texts';
import { formatRunResult } from './observation';
import { PackageList } from './package-list';
import { parseReply, type ParsedReply } from './parser';
import { buildSystemPrompt, stopSets, stopStrings } from './prompts';
import { guardAction } from './code-guard';
import { observeRun, reportInvalid, reportRefused, retryTemperature, runAction } from './run-step';
import type { StuckVerdict } from './stuck';
import { TokenEstimator } from './tokens';
import { checkTools } from './tools';
import { UNDECLARED_REASONING } from './reasoning';
import { runTurn, thinkingActive } from './turn';
import { usageEvent } from './usage-estimate';
import { COMPUTE_CHECK_NOTICE } from './user-notices';
import { workspaceListing, workspaceNote } from './workspace/listing-note';

const DEFAULT_MAX_STEPS = 5;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_TOKENS = 1024;
const DEFAULT_THINKING_TOKENS = 1536;

export class CodeActAgent implements Agent {
  readonly #config: AgentConfig;
  readonly #tools: PythonTool[];
  readonly #toolNames: string[];
  readonly #stops: string[];
  readonly #stopSets: { action: string[]; end: string[] };
  readonly #maxSteps: number;
  readonly #thinkingTokens: number;
  readonly #timeoutMs: number;
  readonly #maxTokens: number;
  readonly #estimator = new TokenEstimator();
  readonly #history = new History(this.#estimator);
  #busy = false;
  #toolsDefined = false;
  #turn = 0;
  #actions = 0;
  /** Shrinks when the engine still reports a context overflow (the estimate was low). */
  #windowScale = 1;
  /** The conversation the engine caches after the last request (for usage accounting). */
  #engineState: EngineState | undefined;
  /** What the prompt says can be imported; corrected when a load fails. */
  #packages = new PackageList();

  constructor(config: AgentConfig) {
    this.#config = { ...config, reasoning: config.reasoning ?? UNDECLARED_REASONING };
    this.#tools = checkTools(config.tools ?? []);
    this.#toolNames = this.#tools.map((t) => t.name);
    this.#stops = stopStrings(config.dialect, config.endTokens);
    this.#stopSets = stopSets(config.dialect, config.endTokens);
    this.#maxSteps = positiveInt(config.maxSteps, DEFAULT_MAX_STEPS, 'maxSteps', 0);
    this.#timeoutMs = positiveInt(config.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs', 1);
    this.#maxTokens = positiveInt(config.maxTokens, DEFAULT_MAX_TOKENS, 'maxTokens', 1);
    const thinking = config.thinkingTokens;
    this.#thinkingTokens = positiveInt(thinking, DEFAULT_THINKING_TOKENS, 'thinkingTokens', 1);
  }

  get messages(): readonly ChatMessage[] {
    return this.#history.messages;
  }

  /** The stop strings sent with every request. */
  get stopStrings(): readonly string[] {
    return this.#stops;
  }

  /** Build the system prompt (asks the runner for its packages once); `send` does it too. */
  async prepare(): Promise<void> {
    const first = this.#history.entries[0];
    const hasPrompt = first?.kind === 'system';
    // A package that failed to load is dropped from the prompt at the next message.
    if (hasPrompt && !this.#packages.takeChange()) return;
    if (!hasPrompt) this.#packages = new PackageList(await this.#importable());
    const reasoning = this.#config.reasoning;
    const content = buildSystemPrompt({
      dialect: this.#config.dialect,
      packages: this.#packages.names,
      tools: this.#tools,
      online: this.#config.online ?? false,
      // Said only to models that reason here (not to one whose reasoning is off by default).
      ...(reasoning && (reasoning.defaultOn || reasoning.switch !== 'none') ? { reasoning } : {}),
    });
    if (hasPrompt) this.#history.entries[0] = { role: 'system', content, kind: 'system' };
    else this.#history.entries.unshift({ role: 'system', content, kind: 'system' });
  }

  async #importable(): Promise<readonly string[]> {
    if (this.#config.packages) return this.#config.packages;
    try {
      return await this.#config.runner.availablePackages();
    } catch {
      return []; // the prompt then promises only the standard library, which is always true
    }
  }

  async send(text: string, opts: SendOptions = {}): Promise<void> {
    if (typeof text !== 'string' || text.trim() === '')
      throw new Error('The message is empty: type a question or a task.');
    await this.#exclusive(async () => {
      await this.prepare();
      const before = this.#history.entries.map((e) => ({ ...e }));
      // Earlier reasoning is not sent back (Qwen's guidance; its template drops it before the
      // last user query): one re-prefill per user message, KV reuse between code steps.
      if (this.#config.reasoning) this.#history.dropReasoning(this.#config.reasoning);
      const note = workspaceNote(
        this.#history.messages,
        await workspaceListing(this.#config.workspaceSummary, this.#window),
      );
      this.#history.appendUserSide('user', note + text);
      await this.#loop({ opts, emit: listener(opts), ...freshLoop(), before });
    });
  }

  async regenerate(opts: SendOptions = {}): Promise<void> {
    await this.#exclusive(async () => {
      const entries = this.#history.entries;
      // A message left unanswered (after an error or a stop) is simply answered again.
      const cut =
        this.#history.last?.role === 'user'
          ? entries.length
          : entries.findLastIndex((e) => e.role === 'assistant');
      if (cut <= 0 || entries[cut - 1]?.role !== 'user')
        throw new Error('There is no reply to regenerate.');
      entries.splice(cut);
      await this.prepare();
      await this.#loop({ opts, emit: listener(opts), ...freshLoop() });
    });
  }

  recordManualRun(code: string, result: RunResult): void {
    this.#assertIdle();
    if (typeof code !== 'string' || typeof result !== 'object' || result === null)
      throw new Error('recordManualRun needs the code that ran and its RunResult.');
    const body = formatRunResult(result, this.#timeoutMs);
    this.#history.appendUserSide('observation', manualRunMessage(code, body));
    if (result.restarted) this.#toolsDefined = false;
  }

  load(messages: ChatMessage[]): void {
    this.#assertIdle();
    validateMessages(messages);
    this.#history.entries = messages.map((m) => ({
      role: m.role,
      content: m.content,
      kind: kindOf(m),
    }));
    // The runtime may have been switched with the conversation: define the tools again.
    this.#toolsDefined = false;
  }

  async #exclusive(work: () => Promise<void>): Promise<void> {
    this.#assertIdle();
    this.#busy = true;
    try {
      await work();
    } finally {
      this.#busy = false;
    }
  }

  #assertIdle(): void {
    if (this.#busy) throw new Error('The agent is still working on a message: stop it or wait.');
  }

  async #loop(state: LoopState): Promise<void> {
    const { emit } = state;
    const signal = state.opts.signal;
    let contextRetries = 0;
    for (;;) {
      if (signal?.aborted) return emit(stoppedByUser());
      const turn = ++this.#turn;
      const hotter = state.retry ? retryTemperature(this.#config.temperature) : undefined;
      state.retry = false;
      emit({ type: 'turn-start', turn, ...(hotter !== undefined ? { temperature: hotter } : {}) });
      const reasoning = this.#config.reasoning;
      if (reasoning?.history === 'drop-all') this.#history.dropReasoning(reasoning);
      const budget = this.#budget(state.opts.thinking);
      if (!this.#fit(budget.reply + budget.thinking, state)) return;
      const requestLength = this.#history.entries.length;
      const messages = this.#history.messages;
      const reusable = extendsState(this.#engineState, messages);
      this.#engineState = undefined;
      const started = Date.now();
      let firstTextMs: number | undefined;
      const outcome = await runTurn({
        engine: this.#config.engine,
        messages,
        stops: this.#stopSets,
        reasoning,
        thinking: state.opts.thinking,
        temperature: hotter ?? this.#config.temperature,
        openSampling: hotter !== undefined,
        replyTokens: budget.reply,
        thinkingTokens: budget.thinking,
        estimator: this.#estimator,
        signal,
        onDelta: (delta) => {
          firstTextMs ??= Date.now() - started;
          emit({ type: 'text-delta', turn, delta });
        },
        onRetry: (reason, keptReasoning) =>
          emit({ type: 'retry', turn, reason, ...(keptReasoning ? { keptReasoning } : {}) }),
      });
      const elapsedMs = Date.now() - started;
      if (!outcome.ok) {
        if (isContextWindowError(outcome.error) && contextRetries < 2) {
          contextRetries++;
          this.#windowScale *= 0.75;
          continue;
        }
        return emit({ type: 'error', message: `The model failed: ${errorMessage(outcome.error)}` });
      }
      const { result } = outcome;
      state.before = undefined;
      this.#engineState = outcome.engineKeepsReply ? engineStateAfter(messages, result) : undefined;
      const parsed = parseReply(result.content, {
        finishReason: result.finishReason,
        acceptFenced: this.#config.dialect === 'generic',
        reasoning,
      });
      if (result.finishReason === 'abort') return this.#storeStopped(turn, parsed, emit);
      const reply = this.#history.append('reply', parsed.stored);
      emit({ type: 'reply', turn, content: parsed.stored, finishReason: result.finishReason });
      const reused = reusable && !outcome.retried;
      if (result.usage)
        accountUsage(this.#history, this.#estimator, requestLength, reply, result.usage, reused);
      const timing = { elapsedMs, firstTextMs, contextWindow: this.#window };
      emit(usageEvent(this.#history, this.#estimator, result, requestLength, reused, timing));
      for (const text of parsed.thoughts) emit({ type: 'thought', turn, text });
      if (parsed.kind === 'final') {
        const asked = this.#history.lastQuestion();
        const check = computeCheck(state, this.#config.computeCheck, asked, this.#toolNames);
        if (!check)
          return emit({ type: 'final', turn, content: parsed.display, solution: parsed.solution });
        this.#observe(turn, check, emit);
        emit({ type: 'checked', turn, text: COMPUTE_CHECK_NOTICE });
        continue;
      }
      if (signal?.aborted) {
        this.#observe(turn, notRunObservation('the user stopped the agent'), emit);
        return emit(stoppedByUser());
      }
      if (state.executions >= this.#maxSteps) return this.#stopForBudget(turn, emit);
      state.executions++;
      if (parsed.kind === 'invalid') {
        const report = reportInvalid(parsed, reasoning?.close ?? '', state.stuck);
        if (!this.#notRun(turn, report, state)) return;
        continue;
      }
      if (!(await this.#execute(turn, parsed.code, state))) return;
    }
  }

  get #window(): number {
    return this.#config.engine.contextWindow;
  }

  /** Tokens for the reply, and for the reasoning on top when the model reasons this turn. */
  #budget(thinking: boolean | undefined): { reply: number; thinking: number } {
    const cap = Math.floor(this.#window / 2);
    const think = thinkingActive(this.#config.reasoning, thinking)
      ? Math.min(this.#thinkingTokens, Math.floor(cap / 2))
      : 0;
    return { reply: Math.max(1, Math.min(this.#maxTokens, cap - think)), thinking: think };
  }

  /** Compact the history into the window; on failure explain and leave it consistent. */
  #fit(reserve: number, state: LoopState): boolean {
    const limit = Math.floor((this.#window - reserve) * this.#windowScale);
    if (compactToFit(this.#history, limit)) return true;
    const needed = this.#history.total();
    if (state.before) this.#history.entries = state.before;
    const message = doesNotFit(needed, this.#window, this.#config.engine.contextAdvice);
    state.emit({ type: 'error', message });
    return false;
  }

  /** Keep a reply cut by the user, marked, with any open code block closed (it never ran). */
  #storeStopped(turn: number, parsed: ParsedReply, emit: Emit): void {
    const content = stoppedReplyText(parsed);
    this.#history.append('reply', content);
    emit({ type: 'reply', turn, content, finishReason: 'abort' });
    emit(stoppedByUser());
  }

  #stopForBudget(turn: number, emit: Emit): void {
    const why = `the limit of ${this.#maxSteps} code executions for this message was reached`;
    this.#observe(turn, notRunObservation(why), emit);
    const message = budgetNote(this.#maxSteps);
    this.#history.append('note', message);
    emit({ type: 'stopped', reason: 'budget', message });
  }

  #stopStuck(verdict: StuckVerdict, emit: Emit): void {
    const message = stuckNote(verdict.steps);
    this.#history.append('note', message);
    emit({ type: 'stopped', reason: 'stuck', message });
  }

  #observe(turn: number, text: string, emit: Emit): void {
    this.#history.appendUserSide('observation', text);
    emit({ type: 'observation', turn, text });
  }

  /** A reply whose code did not run: its observation; false when that makes the model stuck. */
  #notRun(turn: number, report: { observation: string; verdict?: StuckVerdict }, state: LoopState) {
    this.#observe(turn, report.observation, state.emit);
    if (report.verdict?.level === 'stuck')
      return (this.#stopStuck(report.verdict, state.emit), false);
    state.retry = report.verdict !== undefined;
    return true;
  }

  /** Run one action and append its observation; false when the loop must end. */
  async #execute(turn: number, written: string, state: LoopState): Promise<boolean> {
    const { emit } = state;
    const question = this.#history.lastQuestion();
    const exampleShown = this.#config.dialect === 'generic';
    const tools = this.#toolNames;
    const guard = guardAction(written, { tools, exampleShown, question });
    if (!guard.run)
      return this.#notRun(turn, reportRefused(written, guard, state.stuck, question, tools), state);
    const code = guard.code; // what runs, and what the cell shows
    const repeat = state.stuck.beforeRun(code); // the same failing code, after the note
    if (repeat) return (this.#stopStuck(repeat, emit), false);
    const signal = state.opts.signal;
    const actionId = `action-${++this.#actions}`;
    emit({ type: 'action', turn, actionId, code });
    const runner = this.#config.runner;
    try {
      if (!this.#toolsDefined && this.#tools.length > 0) await runner.defineTools(this.#tools);
      this.#toolsDefined = true;
    } catch (error) {
      this.#observe(turn, notRunObservation('the tool functions could not be defined'), emit);
      emit({ type: 'error', message: `Defining the tools failed: ${errorMessage(error)}` });
      return false;
    }
    emit({ type: 'run-start', actionId });
    const run = await runAction(runner, code, actionId, this.#timeoutMs, signal, emit);
    if (!run.ok) {
      this.#observe(turn, run.observation, emit);
      emit(run.end);
      return false;
    }
    const result = run.result;
    emit({ type: 'run-end', actionId, result });
    if (result.restarted) this.#toolsDefined = false;
    const report = await observeRun(code, result, {
      runner,
      timeoutMs: this.#timeoutMs,
      packages: this.#packages,
      detector: state.stuck,
      toolsKept: guard.removed,
      toolsImported: guard.imported,
      tools,
    });
    if (report.notice) emit({ type: 'notice', actionId, text: report.notice });
    this.#observe(turn, report.observation, emit);
    if (report.verdict?.level === 'stuck') {
      this.#stopStuck(report.verdict, emit);
      return false;
    }
    state.retry = report.verdict !== undefined;
    if (signal?.aborted) {
      emit(stoppedByUser());
      return false;
    }
    return true;
  }
}
