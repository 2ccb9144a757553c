import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium (`make browser` installs it). Playwright's own browsers are never downloaded. */
const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, throwaway headless chromium on a CI box without a GPU or sandbox. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** A running chromium and what to clean up. */
export type Chromium = {
  /** The browser context (one profile, in a fresh user-data-dir). */
  context: BrowserContext;
  /** Closes the browser and deletes its profile directory. */
  close: () => Promise<void>;
};

/**
 * Starts Debian's chromium through playwright-core with a fresh profile, sized like a
 * laptop screen. Fails with a message naming the fix when chromium is not installed.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.context.newPage();
 * await browser.close();
 */
export async function launchChromium(viewport = { width: 1440, height: 900 }): Promise<Chromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run \`make browser\` (apt-get install chromium)`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'energy-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport,
      locale: 'en-GB',
      timezoneId: 'UTC',
      timeout: 30_000,
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => undefined);
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
