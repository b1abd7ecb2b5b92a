// Small helpers for driving the UI with playwright-core.
import type { Page } from 'playwright-core';

/** Polls until `check` holds: playwright-core has no auto-retrying assertions. */
export async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Screenshots without transient toasts or hover effects. */
export async function settle(page: Page): Promise<void> {
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss notification' }).all()) {
    await dismiss.click().catch(() => undefined);
  }
  await page.mouse.move(1270, 790);
  await page.waitForTimeout(250);
}
