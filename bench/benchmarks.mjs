// The benchmark list: each entry measures the app (and, where one exists, its bare
// baseline) and returns plain numbers; report.mjs turns them into the table.
import { summarize } from './stats.mjs';
import { pythonReady } from './metrics/python-ready.mjs';
import { runOverhead } from './metrics/run-overhead.mjs';
import { firstLoad, mainChunk } from './metrics/first-load.mjs';

const paired = (r) => ({ app: summarize(r.app), bare: summarize(r.bare) });

export const BENCHMARKS = [
  {
    id: 'python-ready-cold',
    title: 'Navigation → Python ready, empty caches',
    target: { ratio: 1.1 },
    run: async (env) => paired(await pythonReady(env, { warm: false })),
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
    id: 'first-load-bytes',
    title: 'Bytes transferred on first load',
    target: { mainChunkGzipKB: 150 },
    run: async (env) => {
      const r = await firstLoad(env);
      return {
        beforePaint: summarize(r.beforePaint),
        beforePython: summarize(r.beforePython),
        mainChunk: mainChunk(env.distDir),
      };
    },
  },
];
