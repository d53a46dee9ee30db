// 4, 5, 7: the whole app (replay engine → agent loop → real Pyodide → UI) on
// generated transcripts served from the app's own origin.
import fs from 'node:fs';
import path from 'node:path';
import { PROBE_SCRIPT, readProbe, resetProbe } from './page-probe.mjs';

function writeTranscript(env, name, turns, prompt) {
  const t = {
    format: 'codeact-replay/1',
    title: `Benchmark fixture: ${name} (generated, not model output)`,
    prompt,
    turns,
  };
  fs.writeFileSync(path.join(env.fixtureDir, `${name}.json`), JSON.stringify(t));
  return `${env.fixtureURL}${name}.json`;
}

/** ~4,000 tokens (16,000 chars at 4 chars per chunk) of markdown, a code block and a table. */
export function longReply() {
  const parts = [
    '## Findings\n\nThe data shows a **clear** pattern across regions; details follow.\n\n',
  ];
  let i = 0;
  while (parts.join('').length < 15_000) {
    i++;
    parts.push(
      `### Section ${i}\n\nParagraph ${i} explains the trend with *emphasis*, \`inline code\` and a list:\n\n- point one for ${i}\n- point two for ${i}\n\n`,
    );
    if (i % 5 === 0)
      parts.push(
        '```js\nconst total = rows.reduce((a, r) => a + r.value, 0);\nconsole.log(total);\n```\n\n',
      );
    if (i % 7 === 0)
      parts.push(
        '| region | sales | share |\n| --- | ---: | ---: |\n| East | 381.70 | 31 % |\n| West | 290.10 | 24 % |\n| North | 550.20 | 45 % |\n\n',
      );
  }
  const text = parts.join('');
  return text.slice(0, 16_000 - 20) + '\n\nEND-OF-REPLY';
}

async function openReplay(env, url, paceMs, settings) {
  const ctx = await env.browser.newContext({ serviceWorkers: 'block' });
  await ctx.addInitScript(PROBE_SCRIPT);
  const page = await ctx.newPage();
  if (settings) {
    // Persist settings first (like a user would in Settings), then open the replay.
    await page.goto(env.appURL);
    await page.getByTestId('status').waitFor();
    await page.waitForTimeout(1000); // the app opens its database right after first paint
    await page.evaluate(async (s) => {
      const app = globalThis.__codeact.app;
      app.settings.assign(s);
      await app.saveSettings();
    }, settings);
  }
  await page.goto(`${env.appURL}?replay=${encodeURIComponent(url)}&autorun=1&pace=${paceMs}`);
  return { ctx, page };
}

export async function streamRender(env) {
  const url = writeTranscript(env, 'stream-render', [longReply()], 'Summarise the findings.');
  const out = { totalMs: [], longestTaskMs: [], droppedFrames: [], idealMs: 16_000 };
  for (let i = 0; i < env.runs; i++) {
    // The reply is ~4,000 tokens: allow replies that long (the default is 1,024).
    const { ctx, page } = await openReplay(env, url, 4, { maxReplyTokens: 4096 });
    try {
      await page.getByTestId('msg-assistant').first().waitFor({ timeout: 120_000 });
      await resetProbe(page);
      const t0 = await page.evaluate(() => performance.now());
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="msg-assistant"]')].some((e) =>
            e.textContent.includes('END-OF-REPLY'),
          ),
        null,
        { timeout: 180_000 },
      );
      const t1 = await page.evaluate(() => performance.now());
      const p = await readProbe(page);
      out.totalMs.push(t1 - t0);
      out.longestTaskMs.push(p.longestTaskMs);
      out.droppedFrames.push(p.droppedFrames);
    } finally {
      await ctx.close();
    }
  }
  return out;
}

export async function outputFlood(env) {
  const url = writeTranscript(
    env,
    'output-flood',
    ['<execute>\nfor i in range(100000):\n    print(i)\n</execute>', 'Printed them all.'],
    'Print the numbers below 100,000.',
  );
  const out = { totalMs: [], longestTaskMs: [] };
  for (let i = 0; i < env.runs; i++) {
    const { ctx, page } = await openReplay(env, url, 0);
    try {
      await page.getByTestId('code-cell').first().waitFor({ timeout: 120_000 });
      await resetProbe(page);
      const t0 = await page.evaluate(() => performance.now());
      await page
        .locator('[data-testid="code-cell"][data-status="done"]')
        .first()
        .waitFor({ timeout: 180_000 });
      const t1 = await page.evaluate(() => performance.now());
      out.totalMs.push(t1 - t0);
      out.longestTaskMs.push((await readProbe(page)).longestTaskMs);
    } finally {
      await ctx.close();
    }
  }
  return out;
}

export async function agentStep(env) {
  const src = JSON.parse(
    fs.readFileSync(path.join(env.distDir, 'examples', 'five-steps.json'), 'utf8'),
  );
  const url = writeTranscript(env, 'five-steps', src.turns, src.prompt);
  const out = { totalMs: [], pythonMs: [], overheadPerStepMs: [] };
  for (let i = 0; i < env.runs; i++) {
    const { ctx, page } = await openReplay(env, url, 0);
    try {
      await page.getByTestId('msg-user').first().waitFor({ timeout: 120_000 });
      // Python start-up is not agent overhead: wait until the runtime is ready before timing.
      await page.evaluate(() => globalThis.__codeact.python.start());
      const t0 = await page.evaluate(() => performance.now());
      await page.locator('[data-testid="code-cell"]').nth(4).waitFor({ timeout: 120_000 });
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="code-cell"][data-status="done"]').length >= 5 &&
          document.querySelector('[data-testid="status"]')?.textContent?.trim() === 'idle',
        null,
        { timeout: 120_000 },
      );
      const t1 = await page.evaluate(() => performance.now());
      const py = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="code-cell"]')].reduce(
          (n, c) => n + Number(c.getAttribute('data-duration-ms') ?? 0),
          0,
        ),
      );
      out.totalMs.push(t1 - t0);
      out.pythonMs.push(py);
      out.overheadPerStepMs.push((t1 - t0 - py) / 5);
    } finally {
      await ctx.close();
    }
  }
  return out;
}
