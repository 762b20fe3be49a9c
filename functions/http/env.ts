import type { Principal } from '../core/participants.ts';

/** What the middleware chain puts on the Hono context for the handlers. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The authenticated, registered caller (set on every /v1 route). */
    principal: Principal;
    /** The operation of the permission table that matched the request. */
    operation: string;
  };
}
