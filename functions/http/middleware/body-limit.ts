import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problemResponse } from '../problem.ts';

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Refuses bodies over 256 KiB with 413 before they are read in full. The answer closes the connection
 * (`Connection: close`): the rest of the body is still on the socket, and a client that reused it
 * would have its next request read as part of this one.
 */
export function limitBody(maxSize = MAX_BODY_BYTES): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      const response = problemResponse(c, 'payload-too-large', `The body may be at most ${maxSize / 1024} KiB`);
      response.headers.set('Connection', 'close');
      return response;
    },
  });
}
