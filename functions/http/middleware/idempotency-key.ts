import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.ts';

/** 1-255 printable ASCII characters, as the contract says. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7E]{1,255}$/;

/** Creating calls need an Idempotency-Key: missing or malformed is a 400, checked before the body. */
export function requireIdempotencyKey(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST') {
      const value = c.req.header('idempotency-key');
      if (!value || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
        throw new AppError(
          'idempotency-key-missing',
          'Send an Idempotency-Key header of 1-255 printable characters, unique per intended request',
        );
      }
    }
    await next();
  };
}

/**
 * Changes of an existing request (withdraw, status, transfer) take an optional Idempotency-Key; one
 * that is sent must be well-formed (else 400, checked before the body).
 */
export function optionalIdempotencyKey(): MiddlewareHandler {
  return async (c, next) => {
    const value = c.req.header('idempotency-key');
    if (c.req.method === 'POST' && value !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(value)) {
      throw new AppError('idempotency-key-missing', 'An Idempotency-Key header must be 1-255 printable characters');
    }
    await next();
  };
}
