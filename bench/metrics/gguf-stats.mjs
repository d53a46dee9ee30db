// Pure helpers of the GGUF (llama.cpp) benchmarks: the prompt, tokens/s from llama.cpp's own
// timings or from token timestamps, and the table rows. No I/O (unit-tested).
import { summarize } from '../stats.mjs';

/** Tokens generated per request unless --tokens says otherwise. */
export const GGUF_TOKENS = 64;
export const GGUF_CONTEXT = 2048;

// About 120 prompt tokens with the template: enough to time prefill, short enough for one thread
// of a loaded machine (llama.cpp in the browser ran a few tokens/s there).
const PASSAGE =
  'The lighthouse keeper kept a notebook of every ship that passed the rocks: the name, the ' +
  'flag, the hour, the weather and the colour of the sea. Over forty years the notebook grew ' +
  'into a shelf of notebooks, and the shelf into a small library that sailors came to read. ' +
  'They looked for their fathers’ ships, for storms they had survived, for the night the fog ' +
  'stayed for nine days and the foghorn never stopped.';

/**
 * The request of run `run`: the same for the app, the bare page and native llama.cpp. The run
 * number leads the system message, so llama.cpp's prompt cache (kept on in the app) cannot reuse
 * more than the template's first few tokens from the previous run: each run evaluates the prompt.
 */
export function ggufMessages(run) {
  return [
    { role: 'system', content: `Run ${run}. You are a helpful assistant who tells long stories.` },
    {
      role: 'user',
      content: `${PASSAGE}\n\nContinue this story for several pages, in the same style.`,
    },
  ];
}

/** Rates from llama.cpp's own per-request timings (llama-server's `timings` object). */
export function llamaRates(t) {
  if (!t || !(t.prompt_ms > 0) || !(t.predicted_ms > 0))
    throw new Error(`llama.cpp returned no usable timings: ${JSON.stringify(t)}`);
  return {
    promptTokens: t.prompt_n,
    cachedTokens: t.cache_n,
    generatedTokens: t.predicted_n,
    prefillTokS: (t.prompt_n * 1000) / t.prompt_ms,
    decodeTokS: (t.predicted_n * 1000) / t.predicted_ms,
  };
}

/**
 * Rates from wall-clock timestamps (native llama.cpp through node-llama-cpp, which exposes no
 * per-request timings): prefill = prompt tokens / (first token − start); decode = the tokens after
 * the first / (last token − first token), one decode step each.
 */
export function timestampRates({ promptTokens, startMs, tokenMs }) {
  if (tokenMs.length < 2) throw new Error('need at least two generated tokens to time decoding');
  const first = tokenMs[0] - startMs;
  const rest = tokenMs[tokenMs.length - 1] - tokenMs[0];
  if (!(first > 0) || !(rest > 0)) throw new Error('timestamps are not increasing');
  return {
    promptTokens,
    cachedTokens: 0,
    generatedTokens: tokenMs.length,
    prefillTokS: (promptTokens * 1000) / first,
    decodeTokS: ((tokenMs.length - 1) * 1000) / rest,
    firstTokenMs: first,
  };
}

const tokS = (x) => (x == null || Number.isNaN(x) ? '–' : `${x.toFixed(1)} tok/s`);
const ms = (x) => (x == null || Number.isNaN(x) ? '–' : `${Math.round(x)} ms`);
const range = (s, f) => `${f(s.min)} / ${f(s.median)} / ${f(s.max)}`;
const counts = (xs) => {
  const u = [...new Set(xs)];
  return u.length === 1 ? String(u[0]) : `${Math.min(...u)}–${Math.max(...u)}`;
};

/**
 * Table rows comparing side `a` (the app) with side `b` (a baseline) over the same runs:
 * `[measure, a min/median/max, b min/median/max, ratio of medians a/b, target]`.
 * `higherIsBetter` rows (tokens/s) read ratio ≥ target, time rows ratio ≤ target.
 */
export function comparisonRows(a, b, specs, label) {
  return specs
    .filter((s) => a[s.key]?.length && b[s.key]?.length)
    .map((s) => {
      const sa = summarize(a[s.key]);
      const sb = summarize(b[s.key]);
      const f = s.unit === 'tok/s' ? tokS : ms;
      const q = sb.median > 0 ? sa.median / sb.median : null;
      return [
        `${s.title} (${label})`,
        range(sa, f),
        range(sb, f),
        q == null ? '–' : q.toFixed(2),
        s.target ?? '',
      ];
    });
}

/** One line of what was compared: tokens, threads, model, so a row is never read without them. */
export function describeRuns(sides, { model, threads }) {
  const parts = Object.entries(sides).map(
    ([name, s]) =>
      `${name}: prompt ${counts(s.promptTokens)} tok evaluated, ${counts(s.generatedTokens)} generated`,
  );
  return `${model}, ${threads} thread${threads > 1 ? 's' : ''}; ${parts.join('; ')}`;
}

/** Collects per-run rates into arrays per field (the shape comparisonRows reads). */
export function collect(rates) {
  const out = {};
  for (const r of rates)
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') (out[k] ??= []).push(v);
  return out;
}
