import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'api-url';

/** Records the running stack's base URL under the data folder, so that `npm run token` finds a moved port. */
export function writeStackUrl(dataDir: string, url: string): void {
  writeFileSync(join(dataDir, FILE), `${url}\n`);
}

export function removeStackUrl(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}

/**
 * The base URL the local tools should talk to: `PORT` when it is set in the environment (the user said
 * so), else the URL the running stack recorded under the data folder, else the default port.
 */
export function localStackUrl(dataDir: string, env: Record<string, string | undefined>, configuredPort: number): string {
  if (env.PORT) return `http://127.0.0.1:${configuredPort}`;
  try {
    const recorded = readFileSync(join(dataDir, FILE), 'utf8').trim();
    if (/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(recorded)) return recorded;
  } catch {
    // No stack has recorded its URL (not started, or started before this file existed).
  }
  return `http://127.0.0.1:${configuredPort}`;
}
