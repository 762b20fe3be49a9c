import type { OpenAPIHono } from '@hono/zod-openapi';
import type { LifecycleService } from '../../core/lifecycle/lifecycle-service.ts';
import type { WorkService } from '../../core/work/work-service.ts';
import { createAppShell, type ShellDeps } from '../app-shell.ts';
import type { AppEnv } from '../env.ts';
import { lifecycleRoutes } from '../routes/lifecycle.ts';
import { workRoutes } from '../routes/work.ts';

export interface CentreWorkGroupDeps extends ShellDeps {
  work: WorkService;
  lifecycle: LifecycleService;
}

/**
 * The app of the `centre-work` function: leases and their settlement, status reports and transfers.
 * The municipalities' withdrawal comes with the lifecycle routes but is refused by the route guard.
 */
export function centreWorkGroupApp(deps: CentreWorkGroupDeps): OpenAPIHono<AppEnv> {
  const app = createAppShell(deps);
  app.route('/', workRoutes(deps.work));
  app.route('/', lifecycleRoutes('case', deps.lifecycle));
  app.route('/', lifecycleRoutes('consultation', deps.lifecycle));
  return app;
}
