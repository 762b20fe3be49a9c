import type { ExchangeLog } from '../../core/ports/exchange-log.ts';
import type { ShellDeps } from '../../http/app-shell.ts';
import { apiRoutes } from '../../http/groups/api-routes.ts';
import { servesOnly } from '../../http/middleware/route-group-guard.ts';
import { createRateLimiter } from '../rate-limiter.ts';
import type { BaseRuntime } from '../runtime.ts';

/** The shell of a route group's app: logger, authentication (refusals go to the exchange log), rate limit, route guard, the API's other routes. */
export function shellDepsOf(runtime: BaseRuntime, exchangeLog: ExchangeLog): ShellDeps {
  return {
    logger: runtime.logger,
    auth: {
      verify: runtime.verify,
      registry: runtime.registry,
      exchangeLog,
      ...(runtime.clock ? { now: runtime.clock } : {}),
    },
    ...(runtime.rateLimit ? { rateLimiter: createRateLimiter(runtime, runtime.rateLimit) } : {}),
    ...(runtime.routeGroup ? { routeGuard: servesOnly(runtime.routeGroup) } : {}),
    otherRoutes: apiRoutes,
  };
}
