// Debian's Chromium, driven by playwright-core, for the browser end-to-end tests.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from './helpers.js';

/** Where the Chromium binary is expected. */
export const CHROMIUM = '/usr/bin/chromium';
/** Whether the browser steps can run. */
export const hasChromium = existsSync(CHROMIUM);

/** Launches Debian's Chromium headless with a fresh profile. */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir('tforge-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
