import type { MiddlewareHandler } from 'hono';
import { problemResponse } from '../problem.ts';

/** All request header fields together, in bytes: far above any real token, as Node's own default. */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Refuses a request whose header fields exceed {@link MAX_HEADER_BYTES} in all with 431 (RFC 6585
 * section 5) as problem+json, before authentication reads a 20,000-character token. The detail names
 * no header value.
 */
export function limitHeaders(maxBytes = MAX_HEADER_BYTES): MiddlewareHandler {
  return async (c, next) => {
    let total = 0;
    // Header values are byte strings here: their length is their size in bytes. 4 = ": " and CRLF.
    c.req.raw.headers.forEach((value, name) => {
      total += name.length + value.length + 4;
    });
    if (total > maxBytes) {
      return problemResponse(c, 'header-fields-too-large', `The request header fields may be at most ${maxBytes / 1024} KiB in all`);
    }
    await next();
  };
}
