import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ProblemKind, problemCatalogue, problemTypeUri } from '../../schemas/problem.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from './logger.ts';
import { transientProblem } from './transient-errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Builds an RFC 9457 response for a kind of problem, with the request id of the exchange. */
export function problemResponse(c: Context, kind: ProblemKind, detail?: string, extra: Record<string, unknown> = {}): Response {
  const { status, title } = problemCatalogue[kind];
  const requestId = c.get('requestId') as string | undefined;
  const body = { type: problemTypeUri(kind), title, status, ...(detail ? { detail } : {}), ...extra, ...(requestId ? { requestId } : {}) };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}

/** Maps the statuses Hono's own middleware throws (body limit, JSON parsing) onto our problem kinds. */
function kindOfHttpException(status: number): ProblemKind {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 404:
      return 'not-found';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    default:
      return status >= 500 ? 'internal' : 'malformed-request';
  }
}

/**
 * The single error handler of every app. Known failures become their problem; anything else is a
 * 500 whose detail says nothing about the cause (it is logged, without the request body).
 */
export function createErrorHandler(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof AppError) {
      const extra = { ...(error.errors ? { errors: error.errors } : {}), ...error.extensions };
      const response = problemResponse(c, error.kind, error.message, extra);
      if (error.retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(error.retryAfterSeconds));
      // The auth middleware sets the precise challenge; this is the fallback for any other 401.
      if (error.kind === 'unauthorized' && !response.headers.has('WWW-Authenticate')) {
        response.headers.set('WWW-Authenticate', 'Bearer realm="rueckkehr-exchange", error="invalid_token"');
      }
      return response;
    }
    if (error instanceof HTTPException) {
      const kind = kindOfHttpException(error.status);
      // Hono's messages ("Malformed JSON in request body") carry no request content.
      return problemResponse(c, kind, kind === 'internal' ? undefined : error.message || undefined);
    }
    const transient = transientProblem(error);
    if (transient) {
      logger.warn('store failure answered as retryable', {
        error: error.name,
        status: problemCatalogue[transient.kind].status,
        requestId: c.get('requestId'),
      });
      const response = problemResponse(c, transient.kind, transient.detail);
      response.headers.set('Retry-After', String(transient.retryAfterSeconds));
      return response;
    }
    // Name and stack frames only: a message (of a store or library) could quote request content.
    logger.error('unhandled error', {
      error: { name: error.name, frames: error.stack?.split('\n').slice(1, 8).join('\n') },
      requestId: c.get('requestId'),
    });
    return problemResponse(c, 'internal', 'The request could not be completed; quote the requestId when reporting it');
  };
}

export function notFoundHandler(c: Context): Response {
  return problemResponse(c, 'not-found', 'No such endpoint');
}
