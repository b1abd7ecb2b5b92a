// Small helpers for driving the UI with playwright-core.
import type { Page } from 'playwright-core';

/** Screenshots without transient toasts or hover effects. */
export async function settle(page: Page): Promise<void> {
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss notification' }).all()) {
    await dismiss.click().catch(() => undefined);
  }
  await page.mouse.move(1270, 790);
  await page.waitForTimeout(250);
}
