import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problemResponse } from '../problem.ts';

export const MAX_BODY_BYTES = 256 * 1024;

/** Refuses bodies over 256 KiB with 413 before they are read in full. */
export function limitBody(maxSize = MAX_BODY_BYTES): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => problemResponse(c, 'payload-too-large', `The body may be at most ${maxSize / 1024} KiB`),
  });
}
