// The benchmark list: each entry measures the app (and, where one exists, its bare
// baseline) and returns plain numbers; report.mjs turns them into the table.
import { fmt, summarize } from './stats.mjs';

const r3 = (s, unit = 'ms') => `${fmt(s.min, unit)} / ${fmt(s.median, unit)} / ${fmt(s.max, unit)}`;
import { pythonReady } from './metrics/python-ready.mjs';
import { runOverhead } from './metrics/run-overhead.mjs';
import { firstLoad, mainChunk } from './metrics/first-load.mjs';
import { agentStep, outputFlood, streamRender } from './metrics/ui-replay.mjs';
import { ggufAppVsBare, ggufVsNative } from './metrics/gguf-bench.mjs';

const paired = (r) => ({ app: summarize(r.app), bare: summarize(r.bare) });

export const BENCHMARKS = [
  {
    id: 'python-ready-cold',
    title: 'Navigation → Python ready, empty caches',
    target: { ratio: 1.05 },
    run: async (env) => paired(await pythonReady(env, { warm: false })),
  },
  {
    id: 'python-ready-first-visit',
    title: 'Navigation → Python ready, first visit on a host that sends no headers',
    target: { ratio: 1.05 },
    run: async (env) => paired(await pythonReady(env, { warm: false, plain: true })),
  },
  {
    id: 'python-ready-warm',
    title: 'Navigation → Python ready, warm caches (SW / HTTP)',
    target: { ratio: 1.1 },
    run: async (env) => paired(await pythonReady(env, { warm: true })),
  },
  {
    id: 'run-overhead',
    title: 'Round trip of `pass` (median of 200 calls per sample)',
    target: { ratio: 1.1 },
    run: async (env) => paired(await runOverhead(env)),
  },
  {
    id: 'stream-render',
    title: 'Replay streaming a ~4,000-token reply at 250 tokens/s',
    target: { longestTaskMs: 50 },
    run: async (env) => {
      const r = await streamRender(env);
      const total = summarize(r.totalMs);
      return {
        rows: [
          [
            'total time (ideal 16 s)',
            r3(total),
            `ideal ${r.idealMs} ms`,
            (total.median / r.idealMs).toFixed(2),
            '≈ 1',
          ],
          ['longest main-thread task', r3(summarize(r.longestTaskMs)), '', '', '< 50 ms'],
          ['dropped frames', r3(summarize(r.droppedFrames), ''), '', '', ''],
        ],
        raw: r,
      };
    },
  },
  {
    id: 'output-flood',
    title: 'A cell printing 100,000 lines',
    target: { longestTaskMs: 50 },
    run: async (env) => {
      const r = await outputFlood(env);
      return {
        rows: [
          ['time to completion', r3(summarize(r.totalMs)), '', '', ''],
          ['longest main-thread task', r3(summarize(r.longestTaskMs)), '', '', '< 50 ms'],
        ],
        raw: r,
      };
    },
  },
  {
    id: 'agent-step',
    title: 'Replay with 5 code actions at pace 0',
    run: async (env) => {
      const r = await agentStep(env);
      return {
        rows: [
          ['total', r3(summarize(r.totalMs)), '', '', ''],
          ['Python execution (sum of cells)', r3(summarize(r.pythonMs)), '', '', ''],
          ['agent overhead per step', r3(summarize(r.overheadPerStepMs)), '', '', ''],
        ],
        raw: r,
      };
    },
  },
  {
    id: 'first-load-bytes',
    title: 'Bytes transferred on first load',
    target: { mainChunkGzipKB: 90 },
    run: async (env) => {
      const r = await firstLoad(env);
      return {
        beforePaint: summarize(r.beforePaint),
        beforePython: summarize(r.beforePython),
        mainChunk: mainChunk(env.distDir),
      };
    },
  },
  {
    id: 'gguf-app-vs-bare',
    title:
      'llama.cpp (GGUF): the app engine vs bare wllama, same page build, same GGUF and threads',
    run: ggufAppVsBare,
  },
  {
    id: 'gguf-vs-native',
    title:
      'llama.cpp (GGUF): the app engine in Chromium vs native llama.cpp, same GGUF and threads',
    run: ggufVsNative,
  },
];
