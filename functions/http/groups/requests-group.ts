import type { OpenAPIHono } from '@hono/zod-openapi';
import type { EventFeedService } from '../../core/events/event-feed-service.ts';
import type { LifecycleService } from '../../core/lifecycle/lifecycle-service.ts';
import type { RequestService } from '../../core/requests/request-service.ts';
import type { RoutingTable } from '../../core/routing/routing-table.ts';
import { createAppShell, type ShellDeps } from '../app-shell.ts';
import type { CursorSealer } from '../cursor.ts';
import type { AppEnv } from '../env.ts';
import { eventRoutes } from '../routes/events.ts';
import { lifecycleRoutes } from '../routes/lifecycle.ts';
import { requestRoutes } from '../routes/requests.ts';
import { routingTableRoutes } from '../routes/routing-table.ts';

export interface RequestsGroupDeps extends ShellDeps {
  requests: RequestService;
  lifecycle: LifecycleService;
  events: EventFeedService;
  routing: RoutingTable;
  cursors: CursorSealer;
}

/**
 * The app of the `requests` function (functions/core/route-groups.ts): cases and consultations, their
 * withdrawal, the event feed and the routing table. The lifecycle routes of centres (status, transfer)
 * are mounted with the withdrawal but refused by the route guard: they are centre-work's.
 */
export function requestsGroupApp(deps: RequestsGroupDeps): OpenAPIHono<AppEnv> {
  const app = createAppShell(deps);
  app.route('/', requestRoutes('case', deps.requests, deps.cursors));
  app.route('/', requestRoutes('consultation', deps.requests, deps.cursors));
  app.route('/', lifecycleRoutes('case', deps.lifecycle));
  app.route('/', lifecycleRoutes('consultation', deps.lifecycle));
  app.route('/', eventRoutes(deps.events, deps.cursors));
  app.route('/', routingTableRoutes(deps.routing));
  return app;
}
