// Sends a chat message and records, in the page's `__seen`, every change of the last assistant
// message's text meanwhile: more than one non-empty text means the reply streamed into the UI
// rather than appearing in one final paint.
import type { Page } from '@playwright/test';

export async function sendWatched(page: Page, text: string): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as { __seen: string[] };
    w.__seen = [];
    new MutationObserver(() => {
      const all = document.querySelectorAll('[data-testid="msg-assistant"]');
      const t = all[all.length - 1]?.textContent ?? '';
      if (t !== w.__seen.at(-1)) w.__seen.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send').click();
}

/** The assistant texts seen since the last `sendWatched`. */
export const seenTexts = (page: Page): Promise<string[]> =>
  page.evaluate(() => (globalThis as unknown as { __seen: string[] }).__seen);
