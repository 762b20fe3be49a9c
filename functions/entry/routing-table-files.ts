import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRoutingTable, RoutingTableError } from '../core/routing/parse-routing-table.ts';
import type { RoutingTable } from '../core/routing/routing-table.ts';

/** The authorities table, as copied from the project's source data (see data/routing/README.md). */
export const AUTHORITIES_FILE = 'niedersachsen-auslaenderbehoerden.csv';
/** `{ "policyVersion": "..." }`: raised with every change of the authorities table. */
export const POLICY_FILE = 'routing-policy.json';

/** The routing data of this checkout: the local stack, the tests and the CDK synth read it from here. */
export function repoRoutingDir(): string {
  return fileURLToPath(new URL('../../data/routing/', import.meta.url));
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new RoutingTableError([`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}

function readJson(path: string): unknown {
  const text = read(path);
  try {
    return JSON.parse(text);
  } catch {
    throw new RoutingTableError([`${path}: is not valid JSON`]);
  }
}

/**
 * Reads and validates the routing table in force: the authorities CSV and its policy file from `dir`,
 * and the deployment's overrides file if one is given. Called once at start (local server, Lambda cold
 * start, CDK synth), so a bad table stops the start with a message that names the bad entry.
 *
 * @throws RoutingTableError naming the file or every bad entry.
 */
export function loadRoutingTable(options: { dir?: string; overridesFile?: string | undefined } = {}): RoutingTable {
  const dir = options.dir ?? repoRoutingDir();
  return parseRoutingTable({
    policy: readJson(join(dir, POLICY_FILE)),
    authorities: read(join(dir, AUTHORITIES_FILE)),
    ...(options.overridesFile ? { overrides: readJson(options.overridesFile) } : {}),
  });
}
