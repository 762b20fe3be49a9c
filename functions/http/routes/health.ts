import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { HealthSchema } from '../../../schemas/health.ts';
import type { HealthProbe } from '../../core/ports/health.ts';
import { validationHook } from '../validation.ts';

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Operations'],
  summary: 'Whether the API and its stores answer',
  description: 'No authentication. 200 when DynamoDB and SQS both answer, else 503 with the same body.',
  responses: {
    200: { description: 'Both stores answer', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'A store does not answer', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export function healthRoutes(probe: HealthProbe, version: string) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, async (c) => {
    const stores = await probe();
    const up = stores.dynamodb && stores.sqs;
    const body = {
      status: up ? ('ok' as const) : ('degraded' as const),
      stores: { dynamodb: stores.dynamodb ? ('up' as const) : ('down' as const), sqs: stores.sqs ? ('up' as const) : ('down' as const) },
      version,
    };
    return up ? c.json(body, 200) : c.json(body, 503);
  });
}
