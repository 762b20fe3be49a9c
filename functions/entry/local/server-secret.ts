import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local stack's server secret (cursor sealing, payload hashes): generated at first start under the
 * data folder so that cursors and hashes stay valid across restarts. Deployments get theirs from AWS.
 */
export function loadOrCreateServerSecret(dataDir: string, override?: string): Uint8Array {
  if (override) return new Uint8Array(Buffer.from(override, 'base64'));
  const file = join(dataDir, 'server-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return new Uint8Array(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
}
