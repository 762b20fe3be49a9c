import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuditService } from '../../core/audit/audit-service.ts';
import type { WorkOperations } from '../../core/work/work-operations.ts';
import { createAppShell, type ShellDeps } from '../app-shell.ts';
import type { CursorSealer } from '../cursor.ts';
import type { AppEnv } from '../env.ts';
import { adminRoutes } from '../routes/admin.ts';
import { auditRoutes } from '../routes/audit.ts';

export interface AdminGroupDeps extends ShellDeps {
  operations: WorkOperations;
  audit: AuditService;
  cursors: CursorSealer;
}

/** The app of the `admin` function: queue status, redrive, and the exchange log's search, verification and export. */
export function adminGroupApp(deps: AdminGroupDeps): OpenAPIHono<AppEnv> {
  const app = createAppShell(deps);
  app.route('/', adminRoutes(deps.operations));
  app.route('/', auditRoutes(deps.audit, deps.cursors));
  return app;
}
