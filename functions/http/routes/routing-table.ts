import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { RoutingTableSchema } from '../../../schemas/routing-table.ts';
import { roleScopes } from '../../core/permissions.ts';
import type { RoutingTable } from '../../core/routing/routing-table.ts';
import type { AppEnv } from '../env.ts';
import { SECURITY_SCHEME } from '../openapi.ts';
import { problemResponses } from '../problem-responses.ts';
import { validationHook } from '../validation.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/routing-table',
  tags: ['Routing'],
  summary: 'The routing table in force',
  description:
    'Every foreigners\u2019 authority of Lower Saxony (by AGS) and the centre its requests go to, with the rule that decides (the table or a deployment override) and whether the entry is verified. The policyVersion is the one stored in the `routing` of each request routed by this table. A submission from an authority that is not listed is 422 /problems/unknown-authority. Every role may read it; it holds no personal data.',
  security: Object.values(roleScopes).map((scope) => ({ [SECURITY_SCHEME]: [scope] })),
  responses: {
    200: { description: 'The table in force', content: { 'application/json': { schema: RoutingTableSchema } } },
    ...problemResponses(401, 403),
  },
});

/** `GET /v1/routing-table`: the table is built once at start, so this only serves it. */
export function routingTableRoutes(table: RoutingTable) {
  const body = { policyVersion: table.policyVersion, entries: [...table.entries] };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, (c) => c.json(body, 200));
}
