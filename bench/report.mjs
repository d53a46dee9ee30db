// Writes bench/results/latest.json and latest.md and returns the Markdown table.
import fs from 'node:fs';
import path from 'node:path';
import { fmt, ratio, ratioInterval } from './stats.mjs';

const r3 = (s, unit) => `${fmt(s.min, unit)} / ${fmt(s.median, unit)} / ${fmt(s.max, unit)}`;

function rows(results) {
  const out = [];
  for (const [id, m] of Object.entries(results.metrics)) {
    if (m.error) {
      out.push([id, 'error', m.error.split('\n')[0], '', '', '']);
      continue;
    }
    if (m.app && m.bare) {
      const q = ratio(m.app, m.bare);
      const target = `≤ ${(m.target?.ratio ?? 1.1).toFixed(2)}`; // the benchmark's own (benchmarks.mjs)
      const ci = ratioInterval(m.app, m.bare);
      const shown =
        q == null
          ? '–'
          : ci
            ? `${q.toFixed(2)} (${Math.round(ci.level * 100)} % ${ci.low.toFixed(2)}–${ci.high.toFixed(2)})`
            : q.toFixed(2);
      out.push([id, 'time', r3(m.app), r3(m.bare), shown, target]);
    } else if (id === 'first-load-bytes') {
      out.push([id, 'before first paint', r3(m.beforePaint, 'KB'), '', '', '']);
      out.push([id, 'before Python ready', r3(m.beforePython, 'MB'), '', '', '']);
      if (m.mainChunk)
        out.push([
          id,
          `main chunk ${m.mainChunk.file}`,
          `${fmt(m.mainChunk.gzipBytes, 'KB')} gzip (${fmt(m.mainChunk.bytes, 'KB')} raw)`,
          '',
          '',
          '< 90 KB gzip',
        ]);
    } else if (m.rows) {
      for (const row of m.rows) out.push([id, ...row]);
    }
  }
  return out;
}

export function toMarkdown(results) {
  const head = [
    'benchmark',
    'measure',
    'app min / median / max',
    'bare baseline min / median / max',
    'ratio (medians; bootstrap interval)',
    'target',
  ];
  const lines = [
    `Benchmarks — ${results.date}, ${results.runs} runs each, Chromium ${results.chromium}, ${results.cpus} CPUs${
      results.loadavg
        ? `, load average ${results.loadavg.map((x) => x.toFixed(2)).join(' / ')} at start`
        : ''
    }`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows(results).map((r) => `| ${r.join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function writeReport(results, dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2));
  const md = toMarkdown(results);
  fs.writeFileSync(path.join(dir, 'latest.md'), md + '\n');
  return md;
}
