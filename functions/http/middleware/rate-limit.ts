import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { RateLimiter } from '../../core/rate-limit/rate-limiter.ts';
import type { AppEnv } from '../env.ts';

/**
 * The per-client rate limit of every /v1 call (CONTRACT.md: 429 with `Retry-After`), after
 * authentication: the client is the token's. Retry-After is in seconds (RFC 9110 section 10.2.3).
 */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal) {
      const admission = await limiter.admit(principal.clientId);
      if (!admission.allowed) {
        c.header('Retry-After', String(admission.retryAfterSeconds));
        throw new AppError('rate-limited', `Too many requests from this client; retry after ${admission.retryAfterSeconds} s`);
      }
    }
    await next();
  };
}
