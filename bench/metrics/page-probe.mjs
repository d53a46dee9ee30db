// Main-thread health probes installed before the app's own scripts run: the
// longest task (PerformanceObserver `longtask`) and frames dropped (gaps between
// requestAnimationFrame callbacks), both readable and resettable from the test.
export const PROBE_SCRIPT = `(() => {
  const probe = { longest: 0, longTasks: 0, frames: 0, dropped: 0, last: 0 };
  globalThis.__benchProbe = probe;
  probe.reset = () => { probe.longest = 0; probe.longTasks = 0; probe.frames = 0; probe.dropped = 0; };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { probe.longTasks++; probe.longest = Math.max(probe.longest, e.duration); }
    }).observe({ type: 'longtask', buffered: false });
  } catch {}
  const tick = (t) => {
    if (probe.last) { const gap = t - probe.last; probe.frames++; if (gap > 1000 / 60 * 1.5) probe.dropped += Math.round(gap / (1000 / 60)) - 1; }
    probe.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

export async function readProbe(page) {
  return page.evaluate(() => {
    const p = globalThis.__benchProbe;
    return {
      longestTaskMs: p.longest,
      longTasks: p.longTasks,
      frames: p.frames,
      droppedFrames: p.dropped,
    };
  });
}

export async function resetProbe(page) {
  await page.evaluate(() => globalThis.__benchProbe.reset());
}
