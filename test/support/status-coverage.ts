import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The check "every status the server answers in the suite is documented" (issue 10): the test app records
 * each answer as method, route template and status (status-recorder.ts), one file per test file and worker;
 * the global setup's teardown compares them all with the OpenAPI document once the whole run is over.
 */

/** One recorded answer: `POST`, `/v1/cases/{id}/withdraw` (null when no documented path matches), `422`. */
export interface StatusRecord {
  method: string;
  template: string | null;
  status: number;
  /** How many calls gave this answer. */
  count: number;
}

/** The file of the record folder that holds the served OpenAPI document. */
export const DOCUMENT_FILE = 'openapi.json';

type Document = { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

/**
 * Paths served outside the API description on purpose: the document itself, its viewer, the admin page,
 * and `/v1/echo`, which test/integration/http-skeleton.test.ts mounts to drive the middleware alone.
 */
const UNDESCRIBED = [/^\/openapi\.json$/, /^\/docs(\/.*)?$/, /^\/admin(\/.*)?$/, /^\/v1\/echo$/];

/**
 * Statuses that a method and path that is no operation may answer: 404 and 405, and the refusals of the
 * edge and authentication that come before routing (400 and 415 from the JSON edge, 401 and 403 from the
 * token and role checks, 413 and 431 from the size limits). A success, 409, 422, 429 or 5xx there fails.
 */
const NOT_AN_OPERATION = new Set([400, 401, 403, 404, 405, 413, 415, 431]);

/** The document's path template that a concrete path matches (`/v1/cases/abc` -> `/v1/cases/{id}`), literal segments first. */
export function templateOf(document: Document, path: string): string | null {
  const segments = path.split('/');
  const candidates = Object.keys(document.paths).filter((template) => {
    const parts = template.split('/');
    return parts.length === segments.length && parts.every((part, i) => /^\{.+\}$/.test(part) || part === segments[i]);
  });
  // `/v1/audit/verify` is both literal and a `{id}`-like match of nothing else; prefer the most literal template.
  const literalness = (template: string) => template.split('/').filter((part) => !part.startsWith('{')).length;
  return candidates.sort((a, b) => literalness(b) - literalness(a))[0] ?? null;
}

/** Whether a concrete path is one of the pages served outside the API description. */
export function isUndescribed(path: string): boolean {
  return UNDESCRIBED.some((pattern) => pattern.test(path));
}

/**
 * The recorded answers the document does not list: a status missing from an operation's responses, or a
 * success or a 409, 422, 429 or 5xx on a method and path that is no documented operation.
 */
export function undocumented(document: Document, records: readonly StatusRecord[]): StatusRecord[] {
  return records.filter((record) => {
    // HEAD is GET without the body (RFC 9110 section 9.3.2): the GET operation documents its statuses.
    const method = record.method === 'HEAD' ? 'get' : record.method.toLowerCase();
    const operation = record.template ? document.paths[record.template]?.[method] : undefined;
    if (!operation) return !NOT_AN_OPERATION.has(record.status);
    return !(String(record.status) in (operation.responses ?? {}));
  });
}

/** Adds up records of the same method, template and status (from many files and workers). */
export function mergeRecords(records: Iterable<StatusRecord>): StatusRecord[] {
  const merged = new Map<string, StatusRecord>();
  for (const record of records) {
    const key = `${record.method} ${record.template} ${record.status}`;
    const known = merged.get(key);
    if (known) known.count += record.count;
    else merged.set(key, { ...record });
  }
  return [...merged.values()].sort((a, b) =>
    `${a.template} ${a.method} ${a.status}`.localeCompare(`${b.template} ${b.method} ${b.status}`),
  );
}

/**
 * Reads a run's record folder and throws when an answer is not documented. Answers how many calls and
 * distinct answers it checked (0 when no test app ran, e.g. a run of pure unit tests).
 * @throws Error naming each undocumented method, template and status.
 */
export function checkRecordFolder(dir: string): { calls: number; answers: number } {
  const files = readdirSync(dir).filter((name) => name.startsWith('calls-'));
  const records = mergeRecords(files.flatMap((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as StatusRecord[]));
  if (records.length === 0) return { calls: 0, answers: 0 };
  const document = JSON.parse(readFileSync(join(dir, DOCUMENT_FILE), 'utf8')) as Document;
  const missing = undocumented(document, records);
  if (missing.length > 0) {
    const lines = missing.map((r) => `  ${r.method} ${r.template ?? '(no documented path)'} ${r.status} (${r.count} calls)`);
    throw new Error(`Statuses answered in the suite but not documented in /openapi.json:\n${lines.join('\n')}`);
  }
  return { calls: records.reduce((sum, r) => sum + r.count, 0), answers: records.length };
}
