import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's package puts the browser; CHROMIUM_PATH names another. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Where browser tests leave screenshots (gitignored). */
export const TEST_OUTPUT = join(process.cwd(), 'test-results');

/**
 * Debian's chromium, driven by playwright-core (the npm registry cannot download Playwright's own
 * browser builds). A missing browser fails the test with what to install; it never skips.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((path): path is string => !!path && existsSync(path));
  if (!executablePath) {
    throw new Error("The browser tests need Debian's chromium: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).");
  }
  mkdirSync(TEST_OUTPUT, { recursive: true });
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
