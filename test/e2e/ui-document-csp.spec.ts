// Defence in depth: even HTML that skipped the sanitiser cannot load anything remote, because the
// page's own CSP (scripts/headers.mjs DOCUMENT_CSP: header from serve.mjs, <meta> in the build)
// refuses remote images, styles, fonts, frames and plugins. Raw HTML is put into the page here on
// purpose, standing in for a sanitiser miss; a local counting server must see nothing.
import { expect, test } from '@playwright/test';
import { startCountingServer, testPort } from './support/counting-server';

test('unsanitised HTML in the page loads nothing remote', async ({ page }) => {
  const counting = await startCountingServer(testPort(6));
  try {
    const res = await page.goto('./');
    expect(res?.headers()['content-security-policy']).toContain("img-src 'self' data: blob:");
    const u = counting.url;
    await page.evaluate((u) => {
      const box = document.createElement('div');
      box.innerHTML = `
        <img src="${u}/img.png">
        <link rel="stylesheet" href="${u}/style.css">
        <style>@import url("${u}/import.css"); @font-face { font-family: x; src: url("${u}/font.woff"); }
          .bg { background: url("${u}/bg.png"); font-family: x; }</style>
        <div class="bg">text</div>
        <svg><image href="${u}/svg.png" width="10" height="10"></image></svg>
        <iframe src="${u}/frame.html"></iframe>
        <object data="${u}/object.bin"></object>
        <video src="${u}/video.mp4" autoplay muted></video>`;
      document.body.append(box);
    }, u);
    await page.waitForTimeout(1500);
    expect(counting.hits).toEqual([]);
    // The same server is reachable from the page (connect-src allows http: for model servers), so
    // the check above is about rendering, and it can fail.
    await page.evaluate((u) => fetch(`${u}/fetch`).then((r) => r.text()), u);
    expect(counting.hits).toEqual(['/fetch']);
  } finally {
    await counting.close();
  }
});

// The document CSP allows one inline script, the page's own first script, by its sha256
// (scripts/headers.mjs PREBOOT_SCRIPT_HASH). Text put into the page as a script, even that script's
// own text with a line added, and inline event handlers must not run.
test('no inline script runs but the page’s own first script', async ({ page }) => {
  await page.goto('./');
  await page.waitForFunction(() => '__codeact' in globalThis);
  const own = await page.evaluate(
    () => document.querySelector('script[data-python-worker]')?.textContent ?? '',
  );
  expect(own.length).toBeGreaterThan(100);
  const outcome = await page.evaluate(async (own) => {
    const g = globalThis as unknown as { __ran?: string[] };
    g.__ran = [];
    const blocked: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => blocked.push(e.blockedURI));
    for (const text of ['globalThis.__ran.push("plain")', `${own};globalThis.__ran.push("own+")`]) {
      const s = document.createElement('script');
      s.textContent = text;
      document.head.append(s);
    }
    const button = document.createElement('button');
    button.setAttribute('onclick', 'globalThis.__ran.push("handler")');
    document.body.append(button);
    button.click();
    button.remove();
    await new Promise((r) => setTimeout(r, 200)); // violation events are queued as tasks
    return { ran: g.__ran, blocked };
  }, own);
  expect(outcome.ran).toEqual([]);
  // Each of the three refused by both copies of the policy: the header and the built page's <meta>.
  expect(outcome.blocked).toEqual(Array(6).fill('inline'));
});
