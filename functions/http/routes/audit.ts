import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { AuditExportQuerySchema, AuditPageSchema, AuditQuerySchema, AuditVerificationSchema } from '../../../schemas/audit.ts';
import type { AuditService } from '../../core/audit/audit-service.ts';
import { roleScopes } from '../../core/permissions.ts';
import type { CursorSealer } from '../cursor.ts';
import type { AppEnv } from '../env.ts';
import { SECURITY_SCHEME } from '../openapi.ts';
import { problemResponses } from '../problem-responses.ts';
import { validationHook } from '../validation.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const security = [{ [SECURITY_SCHEME]: [roleScopes.admin] }];
const utc = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());

const list = createRoute({
  method: 'get',
  path: '/v1/audit',
  tags: ['Administration'],
  summary: 'Search the exchange log',
  description:
    'Chained entries (ids, codes and keyed digests only, never personal data), newest first, filtered by time (from inclusive, to exclusive), action, actor (client id) and subject (resource id); the filters combine. An entry appears once the sequencer has chained it (within seconds). Administrators only.',
  security,
  request: { query: AuditQuerySchema },
  responses: { 200: { description: 'A page of entries', ...json(AuditPageSchema) }, ...problemResponses(400, 401, 403, 422) },
});

const verify = createRoute({
  method: 'get',
  path: '/v1/audit/verify',
  tags: ['Administration'],
  summary: 'Verify the exchange log\u2019s hash chain and signed checkpoints',
  description:
    'Recomputes every entry\u2019s hash from seq 1, checks each link to its predecessor, the gap-free numbering, the head and every signed checkpoint. Any edited, deleted or reordered entry makes ok false and names firstBrokenSeq. Administrators only.',
  security,
  responses: { 200: { description: 'The verification result', ...json(AuditVerificationSchema) }, ...problemResponses(401, 403) },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/v1/audit/export',
  tags: ['Administration'],
  summary: 'Export the exchange log of a time range as NDJSON',
  description:
    'One AuditEntry per line (application/x-ndjson), oldest first, for from <= at < to (at most 366 days). The export is itself logged. Administrators only.',
  security,
  request: { query: AuditExportQuerySchema },
  responses: {
    200: {
      description: 'NDJSON, one entry per line',
      content: { 'application/x-ndjson': { schema: { type: 'string', description: 'Lines of AuditEntry JSON' } } },
    },
    ...problemResponses(401, 403, 422),
  },
});

/** The administrators' routes over the exchange log: search, verify, export. */
export function auditRoutes(service: AuditService, cursors: CursorSealer) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    const { limit, cursor, ...query } = c.req.valid('query');
    const filter = { ...query, from: utc(query.from), to: utc(query.to) };
    const binding = { clientId: c.get('principal').clientId, query: `audit:${JSON.stringify(filter)}` };
    const after = cursor === undefined ? undefined : await cursors.open(cursor, binding);
    const page = await service.search(filter, limit, after);
    const nextCursor = page.after === undefined ? null : await cursors.seal(page.after, binding);
    return c.json({ items: page.entries, nextCursor }, 200);
  });
  app.openapi(verify, async (c) => c.json(await service.verify(), 200));
  // Streamed page by page: an export of a busy range never sits in memory as a whole.
  app.openapi(exportRoute, (c) => {
    const { from, to } = c.req.valid('query');
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const pages = service.export(c.get('principal'), range, c.get('requestId'));
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="exchange-log-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.ndjson"`);
    return stream(c, async (out) => {
      for await (const entries of pages) await out.write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    }) as never;
  });
  return app;
}
