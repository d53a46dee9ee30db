// Progress as the UI shows it, for every backend: our own download manager's figures (speed, ETA)
// and the one line of text the Models panel prints.
import type { LoadProgress } from './runtime';

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
    load: 'Loading the model',
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
