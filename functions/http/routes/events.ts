import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { FeedPageSchema, FeedQuerySchema } from '../../../schemas/lifecycle.ts';
import { AppError } from '../../core/errors.ts';
import type { EventFeedService } from '../../core/events/event-feed-service.ts';
import { roleScopes } from '../../core/permissions.ts';
import type { CursorSealer } from '../cursor.ts';
import type { AppEnv } from '../env.ts';
import { SECURITY_SCHEME } from '../openapi.ts';
import { problemResponses } from '../problem-responses.ts';
import { validationHook } from '../validation.ts';

/** The municipality's event feed: `GET /v1/events?cursor=&limit=`. */
export function eventRoutes(service: EventFeedService, cursors: CursorSealer) {
  const list = createRoute({
    method: 'get',
    path: '/v1/events',
    tags: ['Events'],
    summary: 'Follow what happened to your cases and consultation requests',
    description:
      'Municipalities only: status changes (also the delivery to the centre), transfers and withdrawals of the caller\u2019s own requests, in the order of a per-municipality sequence (1, 2, 3, ... without gaps), readable as soon as the change is committed. Without a cursor the feed starts at its first event. Keep the last non-null nextCursor and poll with it: a page answers only events after it.',
    security: [{ [SECURITY_SCHEME]: [roleScopes.municipality] }],
    request: { query: FeedQuerySchema },
    responses: {
      200: { description: 'The next events', content: { 'application/json': { schema: FeedPageSchema } } },
      ...problemResponses(400, 401, 403, 422),
    },
  });

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    const principal = c.get('principal');
    const { limit, cursor } = c.req.valid('query');
    const binding = { clientId: principal.clientId, query: 'events' };
    const after = cursor === undefined ? 0 : await cursors.open(cursor, binding);
    if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) {
      throw new AppError('invalid-cursor', 'The cursor is not one of the event feed');
    }
    const page = await service.page(principal, after, limit);
    const nextCursor = page.last === undefined ? null : await cursors.seal(page.last, binding);
    return c.json({ items: page.items, nextCursor }, 200);
  });
  return app;
}
