import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { AdminStatusSchema, RedriveRequestSchema, RedriveResultSchema } from '../../../schemas/admin.ts';
import { roleScopes } from '../../core/permissions.ts';
import type { WorkOperations } from '../../core/work/work-operations.ts';
import type { AppEnv } from '../env.ts';
import { SECURITY_SCHEME } from '../openapi.ts';
import { problemResponses } from '../problem-responses.ts';
import { validationHook } from '../validation.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const security = [{ [SECURITY_SCHEME]: [roleScopes.admin] }];

const status = createRoute({
  method: 'get',
  path: '/v1/admin/status',
  tags: ['Administration'],
  summary: 'Operational status per centre',
  description:
    'Queue depths, leased and dead-lettered items, and the age of the oldest waiting item and of the oldest pending outbox entry. Administrators only.',
  security,
  responses: { 200: { description: 'Per centre', ...json(AdminStatusSchema) }, ...problemResponses(401, 403) },
});

const redrive = createRoute({
  method: 'post',
  path: '/v1/admin/redrive',
  tags: ['Administration'],
  summary: 'Move dead-lettered work back to its centre\u2019s queue',
  description:
    'Moves up to 100 items per call; each move is written to the exchange log. The items keep their workId. Administrators only.',
  security,
  request: { body: { required: true, ...json(RedriveRequestSchema) } },
  responses: {
    200: { description: 'How many items moved', ...json(RedriveResultSchema) },
    ...problemResponses(400, 401, 403, 413, 415, 422),
  },
});

/** The administrators' operational routes over the centre queues. */
export function adminRoutes(operations: WorkOperations) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(status, async (c) => c.json({ centres: await operations.status() }, 200));
  app.openapi(redrive, async (c) =>
    c.json(await operations.redrive(c.get('principal'), c.req.valid('json').centre, c.get('requestId')), 200),
  );
  return app;
}
