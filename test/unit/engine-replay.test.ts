import { describe, expect, it } from 'vitest';
import {
  loadTranscript,
  parseTranscript,
  REPLAY_FINISHED,
  ReplayEngine,
  type ReplayTranscript,
} from '../../src/engine/engines/replay/replay-engine';
import { applyStop } from '../../src/engine/engines/stop-strings';
import { parseReplayParams } from '../../src/engine/engines/replay/replay-params';
import type { ChatStream } from '../../src/engine/engines/types';

const transcript: ReplayTranscript = {
  format: 'codeact-replay/1',
  title: 'Sum of squares (scripted demo)',
  prompt: 'What is 1^2 + 2^2?',
  // In 4-character chunks the first turn arrives as … ")</e" "xecu" "te>." …: the stop string is split.
  turns: [
    'Let me compute.\n<execute>print(5)</execute>.. trailing text',
    'The answer is 5.<|im_end|> more',
  ],
};

async function drain(s: ChatStream): Promise<string[]> {
  const out: string[] = [];
  for await (const d of s) out.push(d);
  return out;
}

describe('parseTranscript', () => {
  it('accepts the documented format', () => {
    expect(parseTranscript({ ...transcript, pace_ms: 0 }).pace_ms).toBe(0);
  });
  it.each([
    [null, /JSON object/],
    [{ ...transcript, format: 'other' }, /format/],
    [{ ...transcript, turns: [] }, /turns/],
    [{ ...transcript, turns: ['ok', 3] }, /turns\[1\]/],
    [{ ...transcript, title: 1 }, /title/],
    [{ ...transcript, pace_ms: -1 }, /pace_ms/],
  ])('rejects %j', (bad, msg) => {
    expect(() => parseTranscript(bad)).toThrow(msg);
  });
});

describe('ReplayEngine', () => {
  it('is labelled as a replay', () => {
    const e = new ReplayEngine(transcript);
    expect(e.kind).toBe('replay');
    expect(e.label).toMatch(/replay/i);
  });

  it('applies a stop string split across chunks as WebLLM does: final content excludes it', async () => {
    const e = new ReplayEngine(transcript, { paceMs: 0 });
    const s = e.chat([{ role: 'user', content: transcript.prompt }], { stop: ['</execute>'] });
    const deltas = await drain(s);
    const r = await s.result;
    expect(r.content).toBe('Let me compute.\n<execute>print(5)');
    expect(r.finishReason).toBe('stop');
    expect(deltas.length).toBeGreaterThan(3); // streamed in small chunks
    // The fragment "</execu" was streamed before the stop string was complete, and is never retracted.
    expect(deltas.join('')).toBe('Let me compute.\n<execute>print(5)</execu');
    expect(applyStop(deltas.join(''), ['</execute>']).stopped).toBe(false);
  });

  it('plays turn k for request k, then "[replay finished]"; reset() starts over', async () => {
    const e = new ReplayEngine(transcript, { paceMs: 0 });
    await drain(e.chat([], { stop: ['</execute>'] }));
    const second = e.chat([], { stop: ['<|im_end|>'] });
    await drain(second);
    expect((await second.result).content).toBe('The answer is 5.');
    const third = e.chat([]);
    expect((await drain(third)).join('')).toBe(REPLAY_FINISHED);
    expect((await third.result).content).toBe(REPLAY_FINISHED);
    e.newConversation();
    expect((await e.chat([]).result).content).toBe(transcript.turns[0]);
  });

  it('without stop strings plays the whole turn', async () => {
    const r = await new ReplayEngine(transcript, { paceMs: 0 }).chat([]).result;
    expect(r.content).toBe(transcript.turns[0]);
  });

  it('an abort signal, mid-stream or before, ends with finishReason abort', async () => {
    const e = new ReplayEngine(transcript, { paceMs: 1 });
    const mid = new AbortController();
    const s = e.chat([], { signal: mid.signal });
    const it = s[Symbol.asyncIterator]();
    await it.next();
    mid.abort();
    const r = await s.result;
    expect(r.finishReason).toBe('abort');
    expect(transcript.turns[0]?.startsWith(r.content)).toBe(true);
    expect(r.content.length).toBeLessThan(transcript.turns[0]?.length ?? 0);

    const ctl = new AbortController();
    ctl.abort();
    expect((await e.chat([], { signal: ctl.signal }).result).finishReason).toBe('abort');
  });
});

describe('replay URL parameters', () => {
  const base = 'https://host.example/app/';
  it('reads replay, autorun and pace', () => {
    expect(parseReplayParams('?replay=examples/demo.json&autorun=1&pace=0', base)).toEqual({
      url: 'https://host.example/app/examples/demo.json',
      autorun: true,
      paceMs: 0,
    });
    expect(parseReplayParams('?replay=x.json&pace=fast', base)?.paceMs).toBeUndefined();
    expect(parseReplayParams('?autorun=1', base)).toBeUndefined();
  });

  it('loads the transcript named in the URL; a labelled replay engine plays it', async () => {
    const fetchOrig = globalThis.fetch;
    globalThis.fetch = (async () => new Response(JSON.stringify(transcript))) as typeof fetch;
    try {
      const params = parseReplayParams('?replay=demo.json&pace=0', base)!;
      const engine = new ReplayEngine(await loadTranscript(params.url), { paceMs: params.paceMs });
      expect(params.autorun).toBe(false);
      expect(engine.label).toMatch(/Replay/);
      expect((await engine.chat([]).result).content).toBe(transcript.turns[0]);
      globalThis.fetch = (async () => new Response('nope', { status: 404 })) as typeof fetch;
      await expect(loadTranscript(`${base}missing.json`)).rejects.toThrow(/HTTP 404/);
      globalThis.fetch = (async () => new Response('<html>')) as typeof fetch;
      await expect(loadTranscript(`${base}bad.json`)).rejects.toThrow(/not JSON/);
    } finally {
      globalThis.fetch = fetchOrig;
    }
  });
});
