import { expect, test } from '@playwright/test';

// The one sanitiser used for model markdown and Python HTML, run in a real browser (DOMPurify
// needs a DOM): scripts, handlers and anything that would fetch a remote resource are removed.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://evil.example/track.png">',
  '<img srcset="https://evil.example/a.png 2x" src="data:image/png;base64,iVBORw0KGgo=">',
  '<svg onload=alert(1)><image href="https://evil.example/x.png"/></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<div style="background:url(https://evil.example/bg.png)">bg</div>',
  '<style>@import url(https://evil.example/x.css); body{background:url(https://evil.example/y)}</style>',
  '<link rel=stylesheet href="https://evil.example/z.css">',
  '<object data="https://evil.example/o"></object><embed src="https://evil.example/e">',
  '<table background="https://evil.example/t.png"><tr><td>1</td></tr></table>',
  '<video poster="https://evil.example/p.png"></video>',
  '<form action="https://evil.example"><button formaction="https://evil.example">x</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '[md link](javascript:alert(1)) ![remote](https://evil.example/md.png)',
  '<details open ontoggle=alert(1)>d</details>',
];

test('sanitiser strips script, handlers and remote resources in a real browser', async ({
  page,
}) => {
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) outside.push(r.url());
  });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('./');
  await expect(page.locator('h1')).toContainText('CodeAct');

  const results = await page.evaluate(async (payloads) => {
    const ui = await (
      globalThis as unknown as {
        __codeact: {
          ui: {
            load(): Promise<{ renderMarkdown(s: string): string; sanitizeHtml(s: string): string }>;
          };
        };
      }
    ).__codeact.ui.load();
    return payloads.map((p) => {
      const html = ui.renderMarkdown(p) + ui.sanitizeHtml(p);
      // Attach the output to the live document: any surviving handler or resource would fire.
      const host = document.createElement('div');
      host.innerHTML = html;
      document.body.append(host);
      const elements = [...host.querySelectorAll('*')];
      return {
        html,
        tags: elements.map((e) => e.tagName.toLowerCase()),
        attrs: elements.flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`)),
      };
    });
  }, PAYLOADS);
  await page.waitForTimeout(500);

  for (const r of results) {
    for (const tag of [
      'script',
      'iframe',
      'object',
      'embed',
      'svg',
      'style',
      'link',
      'form',
      'math',
    ])
      expect(r.tags, r.html).not.toContain(tag);
    for (const attr of r.attrs) {
      expect(attr, r.html).not.toMatch(/^on/i);
      expect(attr, r.html).not.toMatch(/javascript:/i);
      // Links may point outside (they open in a new tab on click); nothing else may.
      if (!attr.startsWith('href=')) expect(attr, r.html).not.toMatch(/evil\.example/);
    }
  }
  // The allowed cases survive: a data: PNG and a table.
  expect(results[3]!.attrs).toContain('src=data:image/png;base64,iVBORw0KGgo=');
  expect(results[11]!.html).toContain('<td>1</td>');
  expect(dialogs).toBe(0);
  expect(outside).toEqual([]);
});
