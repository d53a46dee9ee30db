// WebLLM's load reports as LoadProgress. WebLLM reports only {progress, text} with no phase field
// and restarts at 0 per phase, so the phase is read from the text.
import type { LoadPhase, LoadProgress } from '../runtime';

export function parseWebLLMProgress(r: { progress: number; text: string }): LoadProgress {
  const percent = Math.max(0, Math.min(100, Math.round(r.progress * 100)));
  const mb = /([\d.]+)\s*MB (?:fetched|loaded)/.exec(r.text);
  const mbDone = mb ? Number(mb[1]) : undefined;
  let phase: LoadPhase = 'load';
  if (/^Fetching param cache|Start to fetch/i.test(r.text)) phase = 'download';
  else if (/Loading GPU shader/i.test(r.text)) phase = 'compile';
  else if (/^Finish loading/i.test(r.text)) phase = 'ready';
  return { phase, percent, mbDone, text: r.text };
}
