import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { ProblemSchema } from '../../schemas/problem.ts';
import { problemResponses } from './problem-responses.ts';

const retryAfter = z.object({
  'Retry-After': z.string().meta({ description: 'Seconds to wait before retrying (RFC 9110 section 10.2.3)' }),
});

/** A 409 carries Retry-After only when it reports contention (a retry may succeed), not for a state conflict. */
const conflictRetryAfter = z.object({
  'Retry-After': z
    .string()
    .optional()
    .meta({ description: 'Present when the conflict is contention (a concurrent writer): seconds to wait before retrying' }),
});

/** The 409 of an operation that has no state conflict of its own: contention only, always with Retry-After. */
const contention = {
  description: 'A concurrent writer held the same data (contention, /problems/conflict); retry after Retry-After',
  content: { 'application/problem+json': { schema: ProblemSchema } },
  headers: retryAfter,
};

/**
 * Statuses every /v1 operation can answer, whatever the route: 429 (the per-client rate limit) and 503
 * (a store busy, unreachable or timing out), both with Retry-After, and 431 (header fields too large, on
 * every route, the public ones too); a write also 400, 413 and 415 from the JSON edge (a public POST
 * 413). A 409 may carry Retry-After; an operation without a 409 of its own gets one for contention.
 * Added to each route's responses before the document is generated, so that every status an operation
 * can answer is listed for it.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry does not depend on the app's environment type
export function addRetryableResponses(app: OpenAPIHono<any>): void {
  const common = problemResponses(429, 503);
  const edge = problemResponses(431);
  const writeEdge = problemResponses(400, 413, 415);
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const responses = definition.route.responses as Record<string, unknown>;
    // The header limit stands in front of every route, the public ones too.
    if (!definition.route.path.startsWith('/v1/')) {
      // A public POST (the local token endpoint) reads its body through the same size limit.
      const publicEdge = definition.route.method === 'post' ? { ...edge, ...problemResponses(413) } : edge;
      for (const [status, response] of Object.entries(publicEdge)) responses[status] ??= response;
      continue;
    }
    const conflict = responses['409'] as { headers?: unknown } | undefined;
    if (conflict && !conflict.headers) responses['409'] = { ...conflict, headers: conflictRetryAfter };
    // Any operation that writes (a read writes its log entry) can meet contention (transient-errors.ts).
    responses['409'] ??= contention;
    for (const [status, response] of Object.entries(common)) {
      responses[status] ??= { ...response, description: `${response.description}; see Retry-After`, headers: retryAfter };
    }
    const more = definition.route.method === 'post' ? { ...edge, ...writeEdge } : edge;
    for (const [status, response] of Object.entries(more)) responses[status] ??= response;
  }
}
