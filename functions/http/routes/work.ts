import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  AckRequestSchema,
  CentreParamSchema,
  ExtendRequestSchema,
  LeaseRequestSchema,
  LeaseResponseSchema,
  ReleaseRequestSchema,
  SettleResponseSchema,
} from '../../../schemas/work.ts';
import type { Centre } from '../../core/centres.ts';
import { roleScopes } from '../../core/permissions.ts';
import type { WorkService } from '../../core/work/work-service.ts';
import type { AppEnv } from '../env.ts';
import { SECURITY_SCHEME } from '../openapi.ts';
import { problemResponses } from '../problem-responses.ts';
import { validationHook } from '../validation.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const security = [{ [SECURITY_SCHEME]: [roleScopes.centre] }];
const base = '/v1/centres/{centre}/work';

const lease = createRoute({
  method: 'post',
  path: `${base}/lease`,
  tags: ['Centre work'],
  summary: 'Lease work items of your centre',
  description:
    'Receives up to `max` work items and hides them from other leases for `leaseSeconds`. Delivery is at least once: `workId` is stable across redeliveries, so process each workId once. Items of one case or request come in the order they happened, and a later one only together with the earlier one, in array order. Each item carries the resource as it is now. After 5 failed deliveries (lease expiry or release) an item goes to the dead-letter queue. Another centre\u2019s path answers 404.',
  security,
  request: { params: CentreParamSchema, body: { required: true, ...json(LeaseRequestSchema) } },
  responses: {
    200: { description: 'The leased items (possibly none)', ...json(LeaseResponseSchema) },
    // 409 for the whole call: a store write kept conflicting with a concurrent one (retry; see Retry-After).
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

function settleRoute<T extends z.ZodType>(action: 'ack' | 'release' | 'extend', schema: T, summary: string, description: string) {
  return createRoute({
    method: 'post',
    path: `${base}/${action}`,
    tags: ['Centre work'],
    summary,
    description: `${description} Each token succeeds or fails on its own: 409 \`/problems/lease-expired\` when the lease expired, was superseded by a newer lease or released, or was already acked; 404 when it is not a lease token of this centre; 409 \`/problems/conflict\` or 503 \`/problems/service-unavailable\` when the write of that item met a concurrent one or a busy store (nothing of it was kept, the lease is still live: settle that token again). Items written are always answered as succeeded, whatever happened to the others.`,
    security,
    request: { params: CentreParamSchema, body: { required: true, ...json(schema) } },
    responses: {
      200: { description: 'Per token: succeeded or failed', ...json(SettleResponseSchema) },
      // 409 for the whole call: a store write kept conflicting with a concurrent one (retry; see Retry-After), only
      // before any item was written (the log of releases and extensions aside); an item's own failure is in `failed`.
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
    },
  });
}

const ack = settleRoute(
  'ack',
  AckRequestSchema,
  'Acknowledge leased work items',
  'The items are done and never handed out again. Acking a *.submitted or *.transferred item makes the case or request `delivered`.',
);
const release = settleRoute(
  'release',
  ReleaseRequestSchema,
  'Release leased work items',
  'Hands the items out again at once or after `delaySeconds`; a release counts as a failed delivery.',
);
const extend = settleRoute(
  'extend',
  ExtendRequestSchema,
  'Extend leases',
  'The lease ends `leaseSeconds` from now, at most 12 hours after it began; `leaseExpiresAt` of each succeeded item says when.',
);

/** The centres' work routes: lease, ack, release, extend. The `{centre}` must be the caller's own (else 404). */
export function workRoutes(service: WorkService) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const caller = (c: Context<AppEnv>, centre: Centre) => ({ principal: c.get('principal'), requestId: c.get('requestId'), centre });

  app.openapi(lease, async (c) => {
    const items = await service.lease(caller(c, c.req.valid('param').centre), c.req.valid('json'));
    return c.json({ items }, 200);
  });
  app.openapi(ack, async (c) => {
    const { leaseTokens } = c.req.valid('json');
    return c.json(await service.settle(caller(c, c.req.valid('param').centre), leaseTokens, { action: 'ack' }), 200);
  });
  app.openapi(release, async (c) => {
    const { leaseTokens, delaySeconds } = c.req.valid('json');
    return c.json(await service.settle(caller(c, c.req.valid('param').centre), leaseTokens, { action: 'release', delaySeconds }), 200);
  });
  app.openapi(extend, async (c) => {
    const { leaseTokens, leaseSeconds } = c.req.valid('json');
    return c.json(await service.settle(caller(c, c.req.valid('param').centre), leaseTokens, { action: 'extend', leaseSeconds }), 200);
  });
  return app;
}
