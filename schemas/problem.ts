import { z } from 'zod';

/**
 * The catalogue of problem types (RFC 9457). Each kind has a stable `type` URI `/problems/<kind>`,
 * a fixed title and the HTTP status it is answered with. Clients switch on `type`, never on `title`.
 */
export const problemCatalogue = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  'idempotency-key-missing': { status: 400, title: 'Idempotency-Key header is missing or invalid' },
  'invalid-cursor': { status: 400, title: 'The paging cursor is invalid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed to call this operation' },
  'not-found': { status: 404, title: 'Resource not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'State conflict' },
  'duplicate-reference': { status: 409, title: 'An open request with this municipal reference exists' },
  'idempotency-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  'invalid-transition': { status: 409, title: 'Status transition not allowed' },
  'lease-expired': { status: 409, title: 'The lease has expired or was already settled' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'header-fields-too-large': { status: 431, title: 'Request header fields too large' },
  validation: { status: 422, title: 'Request is invalid' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key was used with a different body' },
  'unknown-authority': { status: 422, title: 'The submitting authority is not in the routing table' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  'service-unavailable': { status: 503, title: 'Service temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof problemCatalogue;

export const problemKinds = Object.keys(problemCatalogue) as ProblemKind[];

/** The stable `type` URI of a problem kind. */
export function problemTypeUri(kind: ProblemKind): string {
  return `/problems/${kind}`;
}

export const FieldErrorSchema = z
  .object({
    path: z.string().meta({ description: 'Dotted path of the offending field, e.g. `person.dateOfBirth`', example: 'person.dateOfBirth' }),
    message: z.string().meta({ description: 'What is wrong with it (never echoes the submitted value)' }),
  })
  .meta({ id: 'FieldError' });

export const ProblemSchema = z
  .object({
    type: z
      .enum(problemKinds.map(problemTypeUri) as [string, ...string[]])
      .meta({ description: 'Stable URI of the kind of problem; see the `Problem types` section of the API description' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional().meta({ description: 'The X-Request-Id of the failed request' }),
    errors: z.array(FieldErrorSchema).optional().meta({ description: 'Field errors of a validation problem' }),
  })
  .catchall(z.unknown())
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, served as application/problem+json',
    example: {
      type: '/problems/validation',
      title: 'Request is invalid',
      status: 422,
      detail: 'The body has 1 invalid field',
      errors: [{ path: 'person.dateOfBirth', message: 'must not be in the future' }],
    },
  });

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;
