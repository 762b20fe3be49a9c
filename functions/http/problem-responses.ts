import { type ProblemKind, ProblemSchema, problemCatalogue } from '../../schemas/problem.ts';

const descriptions: Partial<Record<number, string>> = {
  400: 'Malformed JSON (not UTF-8, a lone surrogate, a member name twice, __proto__), a missing Idempotency-Key or a bad cursor',
  401: 'Missing, invalid or expired token, or an unregistered client',
  403: 'The caller\u2019s role may never call this operation',
  404: 'No such resource, or one the caller may not see',
  405: 'The path exists but not with this method; see the Allow header',
  409: 'State conflict',
  413: 'Body over 256 KiB',
  415: 'Body is not application/json, or declares a charset other than utf-8',
  431: 'Request header fields over 16 KiB in all',
  422: 'Invalid body, or an Idempotency-Key reused with a different body',
  429: 'Too many requests from this client',
  503: 'A store is busy, unreachable or did not answer in time, or a concurrent change kept conflicting',
};

/** OpenAPI response entries for the problem statuses an operation can answer with. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => {
      const kinds = (Object.keys(problemCatalogue) as ProblemKind[]).filter((k) => problemCatalogue[k].status === status);
      const description = `${descriptions[status] ?? 'Problem'} (${kinds.map((k) => `/problems/${k}`).join(', ')})`;
      return [status, { description, content: { 'application/problem+json': { schema: ProblemSchema } } }];
    }),
  );
}
