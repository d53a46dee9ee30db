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
