import { DynamoRateLimitStore } from '../adapters/dynamo-rate-limit-store.ts';
import { RateLimiter, type RateLimitSettings } from '../core/rate-limit/rate-limiter.ts';
import type { BaseRuntime } from './runtime.ts';

/** The per-client rate limiter over the data table, on the runtime's clock; a store failure is logged and lets the call through. */
export function createRateLimiter(runtime: BaseRuntime, settings: RateLimitSettings): RateLimiter {
  const store = new DynamoRateLimitStore(runtime.clients.doc, runtime.resources.tables.data.name);
  return new RateLimiter(store, settings, runtime.clock ?? (() => new Date()), (error) =>
    runtime.logger.warn('rate limit store failed; the call is let through', { error: (error as Error).name }),
  );
}
