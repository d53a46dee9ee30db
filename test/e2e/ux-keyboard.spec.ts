// Keyboard, screen reader and phone drawer, from the user's side (production build): a skip link,
// panels that take the focus and give it back, Escape, few Tabs to the demos with 10 saved
// chats, and a phone drawer that closes on a choice and on a tap outside.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

test.use({ serviceWorkers: 'block' });

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'ui-export.json');

async function importChats(page: Page, n: number) {
  for (let i = 1; i <= n; i++) {
    await page.getByLabel('Import a JSON export').setInputFiles(FIXTURE);
    await expect(page.getByTestId('chat-item')).toHaveCount(i);
  }
}

/** Puts the keyboard's starting point at the top of the page, as after a fresh load. */
const focusTop = (page: Page) =>
  page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
  });

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');

test('desktop: skip links, a panel takes the focus and Escape gives it back', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 850 });
  await page.goto('./');
  await expect(page.getByTestId('demo-item').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the question box' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#composer')).toBeFocused(); // no model yet: the box is disabled

  // Models starts open on a wide screen: Escape closes it, the Models button opens it again and
  // the panel has the focus; Escape gives the focus back to the button.
  const models = page.getByRole('button', { name: 'Models', exact: true });
  await models.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('models-panel')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(page.locator('#side-panel')).toBeFocused();
  await expect(page.locator('#side-panel')).toHaveAccessibleName('Models');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('models-panel')).toBeHidden();
  await expect(models).toBeFocused();

  // "Use a model server" lands on the address field, not 55 Tabs before it.
  await page.getByTestId('use-model-server').click();
  await expect(page.getByTestId('endpoint-url')).toBeFocused();
});

test('desktop: with 10 saved chats the first demo is few Tabs away; a started demo keeps the focus in the page', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 850 });
  await page.goto('./');
  await importChats(page, 10);
  await page.getByTestId('new-chat').click();
  await focusTop(page);
  let tabs = 0;
  while ((await focusedTestId(page)) !== 'demo-item' && tabs < 60) {
    await page.keyboard.press('Tab');
    tabs++;
  }
  // Before: 36 (every chat had three stops). Now one stop per chat (10) plus 12 fixed ones:
  // 2 skip links, Files/Models/Settings, New chat/Import/Search, 3 set-up buttons (the
  // recommended model, "Use a model server", "All models"), the card.
  expect(tabs).toBeLessThanOrEqual(10 + 12);
  // The second skip link goes there in two.
  await focusTop(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the demos' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('demo-item').first()).toBeFocused();
  // Full titles on hover.
  await expect(page.getByTestId('chat-item').first().locator('button').first()).toHaveAttribute(
    'title',
    /.+/,
  );

  await page.keyboard.press('Enter'); // plays the demo: the card goes away
  await expect(page.getByTestId('msg-user')).toBeVisible();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
});

test('phone: the conversation drawer closes on a choice, on a tap outside and on Escape', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./');
  const menu = page.getByRole('button', { name: 'Conversations' });
  const drawer = page.locator('#chats');
  await menu.click();
  await expect(drawer).toBeVisible();
  await importChats(page, 2);
  // Picking a chat closes the drawer and shows the chat.
  await drawer.getByTestId('chat-item').nth(1).locator('button').first().click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('code-cell').first()).toBeVisible();
  // A tap outside it closes it.
  await menu.click();
  await expect(drawer).toBeFocused();
  await page.mouse.click(375, 500);
  await expect(drawer).toBeHidden();
  // New chat closes it.
  await menu.click();
  await drawer.getByTestId('new-chat').click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('demo-item').first()).toBeVisible();
  // Escape closes it and gives the focus back to the menu button.
  await menu.click();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();
});
