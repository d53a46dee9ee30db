// Load progress as the UI shows it. WebLLM reports only {progress, text} with no phase field and
// restarts at 0 per phase (reference §1.2), so the phase is read from the text.

export type LoadPhase = 'download' | 'load' | 'compile' | 'ready';

export interface LoadProgress {
  phase: LoadPhase;
  /** 0..100 within the phase. */
  percent: number;
  mbDone?: number;
  mbTotal?: number;
  /** MB/s over this session's transfer. */
  speedMBps?: number;
  etaSeconds?: number;
  text: string;
}

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

const MB = 1024 * 1024;

/** Progress of our own download manager, with speed and ETA. */
export function downloadProgress(
  doneBytes: number,
  totalBytes: number,
  sessionBytes: number,
  elapsedMs: number,
): LoadProgress {
  const speed = elapsedMs > 0 ? sessionBytes / MB / (elapsedMs / 1000) : undefined;
  const remainingMB = (totalBytes - doneBytes) / MB;
  const percent = totalBytes > 0 ? Math.min(100, Math.floor((doneBytes / totalBytes) * 100)) : 0;
  return {
    phase: 'download',
    percent,
    mbDone: doneBytes / MB,
    mbTotal: totalBytes / MB,
    speedMBps: speed,
    etaSeconds: speed && speed > 0 ? remainingMB / speed : undefined,
    text: `Downloading ${percent}%`,
  };
}

export function formatProgress(p: LoadProgress): string {
  const label = {
    download: 'Downloading',
    load: 'Loading onto the GPU',
    compile: 'Compiling shaders',
    ready: 'Ready',
  }[p.phase];
  const parts = [`${label} ${p.percent}%`];
  if (p.mbDone !== undefined)
    parts.push(
      p.mbTotal
        ? `${p.mbDone.toFixed(1)} of ${p.mbTotal.toFixed(1)} MB`
        : `${p.mbDone.toFixed(1)} MB`,
    );
  if (p.speedMBps !== undefined) parts.push(`${p.speedMBps.toFixed(1)} MB/s`);
  if (p.etaSeconds !== undefined && Number.isFinite(p.etaSeconds))
    parts.push(`about ${Math.ceil(p.etaSeconds)} s left`);
  return parts.join(' · ');
}
