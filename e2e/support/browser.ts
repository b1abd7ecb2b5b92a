// Debian's Chromium driven by playwright-core: never a downloaded browser, no outside network.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './console';

export const chromiumPath = process.env.DROVER_CHROMIUM ?? '/usr/bin/chromium';

/** Playwright gives every launch a fresh, empty profile (its own --user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function screenshotPath(name: string): string {
  const dir = path.join(repoRoot, 'e2e', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
