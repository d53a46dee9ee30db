// One agent for chat and evaluation. A reasoning-series model (qwen3, from its id) served by a
// FAKE model server (a scripted fetch, not a model) is used three ways: the chat (AppState), the
// in-app Evaluate (EvalState over the app's engine and dialect) and the headless runner
// (runEvalSpec, what `npm run eval` drives). All three must hand the agent the same
// configuration, and the evaluation must score the answer after the `<think>` block, with code
// drafted inside it never run. The evaluations use REAL Python (Pyodide in Node) and the suite's
// real checker.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import type { AgentConfig, SendOptions } from '../../src/agent/api';
import { runAppEval } from '../../src/eval/app-run';
import { runEvalSpec } from '../../src/eval/browser-run';
import { EvalResultsStore } from '../../src/eval/results-store';
import type { EvalRun } from '../../src/eval/types';
import { AppState } from '../../src/ui/state/app.svelte';
import { EvalState } from '../../src/ui/eval/eval.svelte';
import { jsonResponse, probeEnv, sseResponse, sseText } from '../support/endpoint-env';
import { FakePython } from '../support/fake-python';
import { MemoryStorage } from '../support/memory-storage';
import { NodeEvalPython } from '../support/node-eval-python';

const MODEL = 'qwen3:8b';
const BASE = 'http://localhost:11434/v1';
const DAYS_PROMPT = 'How many days passed from 20 July 1969 to 15 March 2024?';
const DRAFT = 'print("drafted inside think")';
// Reasoning holds a wrong number and an action; the answer after it is the right one.
const DAYS_REPLY = `<think>\nMaybe 19961 days. Let me check:\n<execute>\n${DRAFT}\n</execute>\n</think>\n\n19962`;

/** A FAKE OpenAI-compatible server: lists MODEL, answers every task, applies stop strings. */
function fakeServer() {
  const bodies: { stop: string[]; temperature?: number; max_tokens?: number }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/models')) return jsonResponse(200, { data: [{ id: MODEL }] });
    const body = JSON.parse(String(init?.body)) as {
      messages: { role: string; content: string }[];
      stop: string[];
    };
    bodies.push(body);
    const asked = body.messages.find((m) => m.role === 'user')?.content ?? '';
    let text = asked.includes(DAYS_PROMPT)
      ? DAYS_REPLY
      : '<think>No idea.</think>\n\nI cannot say.';
    // Like a real server: the reply ends at the first stop string (which is sent back).
    const cut = Math.min(
      ...body.stop.map((s) => (text.includes(s) ? text.indexOf(s) + s.length : Infinity)),
    );
    if (Number.isFinite(cut)) text = text.slice(0, cut);
    return sseResponse([sseText([text], { usage: [50, 20] })]);
  }) as typeof fetch;
  return { env: probeEnv(fetchImpl), bodies };
}

interface Seen {
  config: AgentConfig;
  thinking?: boolean;
}

/** Makes the real agent, noting its configuration and the thinking switch it is sent. */
function watchAgents(seen: Seen[]) {
  return (config: AgentConfig) => {
    const agent = new CodeActAgent(config);
    const entry: Seen = { config };
    seen.push(entry);
    const send = agent.send.bind(agent);
    agent.send = (text: string, opts?: SendOptions) => {
      entry.thinking = opts?.thinking;
      return send(text, opts);
    };
    return agent;
  };
}

/** What must be the same for every use of the agent (limits and sampling may differ). */
function shared(s: Seen) {
  const c = s.config;
  return {
    engine: `${c.engine.kind}:${c.engine.modelId}`,
    dialect: c.dialect,
    endTokens: c.endTokens,
    reasoning: c.reasoning,
    online: c.online,
    workspaceSummary: typeof c.workspaceSummary,
    thinking: s.thinking,
  };
}

let py: PyodideAPI;
beforeAll(async () => {
  py = await loadPyodide();
});
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  (globalThis as { localStorage?: Storage }).localStorage = new MemoryStorage();
});

describe('one agent for chat and evaluation (a reasoning-series model on a FAKE server)', () => {
  it('the chat, the in-app Evaluate and the headless runner configure the agent alike', async () => {
    const server = fakeServer();
    const chatAgents: Seen[] = [];
    const chatPython = new FakePython();
    const app = new AppState(
      {
        python: chatPython,
        createAgent: watchAgents(chatAgents),
        replayEngine: () => Promise.reject(new Error('no replays here')),
      },
      undefined,
      { env: server.env },
    );
    await app.init();
    app.endpoint.url = 'localhost:11434';
    await app.endpoint.connect();
    expect(app.engine?.modelId).toBe(MODEL);
    await app.send(`${DAYS_PROMPT} Reply with just the number.`);
    // The chat ran nothing: the only code was drafted inside the reasoning.
    expect(chatPython.runs).toEqual([]);
    expect(app.conversation.items.at(-1)).toMatchObject({ kind: 'message', text: '19962' });

    // The in-app Evaluate, over the app's engine and dialect (as AppState hands them over).
    const appEvalAgents: Seen[] = [];
    const evaluation = new EvalState({
      engine: () => (app.engine ? { engine: app.engine, dialect: app.dialect } : null),
      runner: (req, hooks) =>
        runAppEval(req, hooks, {
          python: () => new NodeEvalPython(py),
          createAgent: watchAgents(appEvalAgents),
        }),
      store: new EvalResultsStore(new MemoryStorage()),
    });
    evaluation.choice = 'compute';
    await evaluation.start();
    expect(evaluation.error).toBe('');
    const appRun = evaluation.run!;

    // The headless runner (npm run eval → the page hook → runEvalSpec) on the same server.
    const headlessAgents: Seen[] = [];
    const headlessRun = await runEvalSpec(
      { engine: { kind: 'endpoint', url: BASE, model: MODEL }, ids: ['days-between-dates'] },
      {},
      {
        env: server.env,
        python: () => new NodeEvalPython(py),
        createAgent: watchAgents(headlessAgents),
      },
    );

    const chat = shared(chatAgents[0]!);
    expect(chat).toMatchObject({
      engine: `endpoint:${MODEL}`,
      reasoning: { open: '<think>', close: '</think>' },
      online: false,
      workspaceSummary: 'function',
      thinking: true,
    });
    expect(appEvalAgents.length).toBeGreaterThan(1);
    for (const s of [...appEvalAgents, ...headlessAgents]) expect(shared(s)).toEqual(chat);

    // Each evaluation records the sampling it used.
    for (const run of [appRun, headlessRun])
      expect(run.sampling).toEqual({ temperature: 0, maxTokens: null, thinking: true });
    for (const s of [...appEvalAgents, ...headlessAgents]) expect(s.config.temperature).toBe(0);

    // Scored on the text after the reasoning; the code inside it never ran.
    for (const run of [appRun, headlessRun]) expectDaysScoredAfterThink(run);
  }, 120_000);
});

function expectDaysScoredAfterThink(run: EvalRun) {
  const days = run.tasks.find((t) => t.id === 'days-between-dates');
  expect(days).toMatchObject({ finalAnswer: '19962', strict: true, tolerant: true });
  expect(days?.codeActions).toBe(0);
  const ran = run.tasks.flatMap((t) => t.transcript).filter((m) => m.role === 'user');
  expect(ran.some((m) => m.content.includes('drafted inside think'))).toBe(false);
}
