import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import {
  AUTHORITY_COLUMNS,
  type AuthorityRow,
  AuthorityRowSchema,
  type RoutingEntry,
  type RoutingOverridesFile,
  RoutingOverridesFileSchema,
  RoutingPolicyFileSchema,
} from '../../../schemas/routing-table.ts';
import type { RoutingTable } from './routing-table.ts';

/** Thrown at start when the routing table, its policy file or the overrides are not usable; names every bad entry. */
export class RoutingTableError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid routing table: ${problems.join('; ')}`);
    this.name = 'RoutingTableError';
    this.problems = problems;
  }
}

/** The files the table is built from, as read (the caller reads them; this stays pure). */
export interface RoutingTableSources {
  /** The parsed JSON of `routing-policy.json`: `{ "policyVersion": "..." }`. */
  policy: unknown;
  /** The text of the authorities CSV (RFC 4180, UTF-8, header `ags,name,kind,former_region,default_centre,note`). */
  authorities: string;
  /** The parsed JSON of a deployment's overrides file, if it has one. */
  overrides?: unknown;
}

/** The source marks entries whose facts are not yet confirmed with "to verify" in their note. */
const UNVERIFIED = /\bto verify\b/i;

function issues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
}

interface Row {
  line: number;
  row: AuthorityRow;
}

/** The rows of the CSV with their line numbers; shape problems are collected, not thrown one by one. */
function readRows(csv: string, problems: string[]): Row[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(csv, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      problems.push(`authorities: ${error.message}`);
      return [];
    }
    throw error;
  }
  const [header, ...body] = records;
  if (header?.record.join(',') !== AUTHORITY_COLUMNS.join(',')) {
    problems.push(`authorities: the header must be ${AUTHORITY_COLUMNS.join(',')}`);
    return [];
  }
  if (body.length === 0) problems.push('authorities: the table has no entries');
  const rows: Row[] = [];
  for (const { record, info } of body) {
    const at = `authorities line ${info.lines} (${record[0] || 'no AGS'})`;
    if (record.length !== AUTHORITY_COLUMNS.length) {
      problems.push(`${at}: has ${record.length} fields, expected ${AUTHORITY_COLUMNS.length}`);
      continue;
    }
    const result = AuthorityRowSchema.safeParse(Object.fromEntries(AUTHORITY_COLUMNS.map((column, i) => [column, record[i]])));
    if (result.success) rows.push({ line: info.lines, row: result.data });
    else problems.push(...issues(result.error).map((p) => `${at}: ${p}`));
  }
  return rows;
}

function uniqueAgsProblems(rows: Row[]): string[] {
  const firstLine = new Map<string, number>();
  const problems: string[] = [];
  for (const { line, row } of rows) {
    const first = firstLine.get(row.ags);
    if (first === undefined) firstLine.set(row.ags, line);
    else problems.push(`authorities line ${line} (${row.ags} ${row.name}): AGS ${row.ags} is already on line ${first}`);
  }
  return problems;
}

/** Checks that each override names an authority of the table once and really moves it to the other centre. */
function overrideProblems(file: RoutingOverridesFile, byAgs: Map<string, AuthorityRow>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  file.overrides.forEach(({ ags, centre }, index) => {
    const at = `overrides.${index} (${ags})`;
    const row = byAgs.get(ags);
    if (seen.has(ags)) problems.push(`${at}: AGS ${ags} is overridden twice`);
    else if (!row) problems.push(`${at}: AGS ${ags} is not an authority of the table`);
    else if (row.default_centre === centre) problems.push(`${at}: the table already sends ${row.name} to ${centre}; remove the override`);
    seen.add(ags);
  });
  return problems;
}

function toEntry(row: AuthorityRow, override: RoutingOverridesFile['overrides'][number] | undefined): RoutingEntry {
  return {
    ags: row.ags,
    name: row.name,
    kind: row.kind,
    formerRegion: row.former_region,
    centre: override?.centre ?? row.default_centre,
    rule: override ? 'authority-override' : 'authority-default',
    verified: !UNVERIFIED.test(row.note),
    ...(row.note ? { note: row.note } : {}),
    ...(override ? { defaultCentre: row.default_centre, overrideReason: override.reason } : {}),
  };
}

/**
 * Builds the routing table in force from the authorities CSV, its policy file and a deployment's
 * overrides, and fails with every problem at once: a malformed file or row, an AGS outside Lower
 * Saxony's `03...` range or listed twice, an unknown centre, an override of an unknown authority, one
 * listed twice or one that changes nothing. Each problem names its line or override and the AGS.
 *
 * @throws RoutingTableError naming every bad entry.
 */
export function parseRoutingTable(sources: RoutingTableSources): RoutingTable {
  const problems: string[] = [];
  const policy = RoutingPolicyFileSchema.safeParse(sources.policy);
  if (!policy.success) problems.push(...issues(policy.error).map((p) => `policy ${p}`));
  const overrides = sources.overrides === undefined ? undefined : RoutingOverridesFileSchema.safeParse(sources.overrides);
  if (overrides && !overrides.success) problems.push(...issues(overrides.error).map((p) => `overrides ${p}`));

  const rows = readRows(sources.authorities, problems);
  problems.push(...uniqueAgsProblems(rows));
  const byAgs = new Map(rows.map(({ row }) => [row.ags, row]));
  if (overrides?.success) problems.push(...overrideProblems(overrides.data, byAgs));
  if (problems.length > 0 || !policy.success) throw new RoutingTableError(problems);

  const overridden = new Map(overrides?.data?.overrides.map((o) => [o.ags, o]));
  const version = policy.data.policyVersion;
  return {
    policyVersion: overrides?.data ? `${version}+${overrides.data.version}` : version,
    entries: [...byAgs.values()].map((row) => toEntry(row, overridden.get(row.ags))),
  };
}
