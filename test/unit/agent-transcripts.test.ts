// The scripted demo transcripts in public/examples, checked with the agent's own parser
// and played through the loop on the FAKE engine and FAKE runtime (no Python runs here).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/agent/parser';
import { harness } from '../support/agent-harness';
import { fakeResult } from '../support/fake-runtime';

const dir = new URL('../../public/examples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

interface Transcript {
  format: string;
  title: string;
  prompt: string;
  turns: string[];
  pace_ms: number;
  requires?: string[];
  /** Files placed in /workspace before the first action (as written in the bundled demos). */
  files?: string[];
}
interface IndexEntry {
  file: string;
  title: string;
  description: string;
}

const index = JSON.parse(read('index.json')) as { demos: IndexEntry[] };
const load = (file: string) => JSON.parse(read(file)) as Transcript;

/** What the replay engine returns for a turn: the text before the first stop string. */
function asReplayed(turn: string): string {
  const at = turn.indexOf('</execute>');
  return at === -1 ? turn : turn.slice(0, at);
}

describe('scripted demo transcripts', () => {
  it('the index lists the four demos; their transcripts name the files they need', () => {
    expect(index.demos.map((d) => d.file)).toEqual([
      'self-debug.json',
      'csv-analysis.json',
      'plot.json',
      'five-steps.json',
    ]);
    for (const demo of index.demos) {
      expect(demo.title).toBe(load(demo.file).title);
      for (const f of load(demo.file).files ?? []) expect(existsSync(new URL(f, dir))).toBe(true);
    }
    expect(load('csv-analysis.json').files).toEqual(['sales.csv']);
  });

  for (const { file } of index.demos) {
    it(`${file}: every turn but the last is an action, the last is the answer`, () => {
      const t = load(file);
      expect(t.format).toBe('codeact-replay/1');
      expect(t.title.startsWith('Scripted demo:')).toBe(true);
      expect(t.pace_ms).toBeGreaterThanOrEqual(0);
      t.turns.forEach((turn, k) => {
        const parsed = parseReply(asReplayed(turn), { finishReason: 'stop', acceptFenced: false });
        const last = k === t.turns.length - 1;
        expect(parsed.kind).toBe(last ? 'final' : 'action');
        // The stored reply (closing tag re-appended) is exactly the scripted turn.
        if (!last) expect(parsed.stored).toBe(turn);
      });
    });

    it(`${file}: plays through the loop to its final answer`, async () => {
      const t = load(file);
      const h = harness(t.turns, () => fakeResult({ stdout: 'fake output\n' }));
      await h.agent.send(t.prompt, { onEvent: h.onEvent });
      expect(h.runner.runs).toHaveLength(t.turns.length - 1);
      expect(h.ofType('stopped')).toHaveLength(0);
      expect(h.ofType('final')[0]?.content).toBe(t.turns.at(-1));
    });
  }

  it('self-debug: the first action fails for a missing import, the answer is the real count', () => {
    const t = load('self-debug.json');
    expect(t.turns[0]).toContain('Counter(');
    expect(t.turns[0]).not.toContain('import');
    expect(t.turns[1]).toContain('from collections import Counter');
    const phrase = /"([^"]+)"/.exec(t.prompt)?.[1] ?? '';
    const counts = new Map<string, number>();
    for (const c of phrase.replace(/[^a-z]/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    const [letter, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect([...counts.values()].filter((v) => v === n)).toHaveLength(1); // no tie
    expect(t.turns.at(-1)).toContain(`**${letter}** appears most often`);
    expect(t.turns.at(-1)).toContain(`**${n} times**`);
  });

  it('csv-analysis: the reported region and revenue follow from sales.csv', () => {
    const [header, ...lines] = read('sales.csv').trim().split('\n');
    expect(header).toBe('date,region,product,units,unit_price');
    const revenue = new Map<string, number>();
    for (const line of lines) {
      const [, region, , units, price] = line.split(',');
      revenue.set(region!, (revenue.get(region!) ?? 0) + Number(units) * Number(price));
    }
    const [region, total] = [...revenue].sort((a, b) => b[1] - a[1])[0]!;
    const answer = load('csv-analysis.json').turns.at(-1)!;
    expect(answer).toContain(
      `**${region}** had the highest total revenue: **${total.toFixed(2)}**`,
    );
  });

  it('plot declares that it needs matplotlib', () => {
    expect(load('plot.json').requires).toEqual(['matplotlib']);
  });
});
