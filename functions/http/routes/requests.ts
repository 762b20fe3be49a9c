import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CaseSchema,
  CaseSubmissionSchema,
  ConsultationSchema,
  ConsultationSubmissionSchema,
  IdParamSchema,
  ListQuerySchema,
  ListSchema,
} from '../../../schemas/requests.ts';
import { roleScopes } from '../../core/permissions.ts';
import type { RequestKind } from '../../core/requests/request.ts';
import type { RequestService } from '../../core/requests/request-service.ts';
import type { CursorSealer } from '../cursor.ts';
import type { AppEnv } from '../env.ts';
import { requireIdempotencyKey } from '../middleware/idempotency-key.ts';
import { SECURITY_SCHEME } from '../openapi.ts';
import { problemResponses } from '../problem-responses.ts';
import { validationHook } from '../validation.ts';

/** What differs between cases and consultation requests in their routes. */
export const variants = {
  case: {
    path: 'cases',
    tag: 'Cases',
    noun: 'case',
    submission: CaseSubmissionSchema,
    resource: CaseSchema,
    createSummary: 'Hand over a case (Fallübergabe)',
  },
  consultation: {
    path: 'consultations',
    tag: 'Consultations',
    noun: 'consultation request',
    submission: ConsultationSubmissionSchema,
    resource: ConsultationSchema,
    createSummary: 'Ask for return counselling (Beratungsanfrage)',
  },
} as const;

const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z.string().min(1).max(255).meta({
    description: 'Unique per intended request, scoped to the client; the same key with the same body replays the first answer',
    example: '5f0c6c1e-9a49-4c59-a0a5-2f0d6f1e4b11',
  }),
});

/**
 * The resource routes of cases or consultation requests: create, list, read (changes of an existing
 * request are in lifecycle.ts). The two are alike but for their schemas, so one factory builds both.
 */
export function requestRoutes(kind: RequestKind, service: RequestService, cursors: CursorSealer) {
  const v = variants[kind];
  const base = `/v1/${v.path}`;
  const municipal = [{ [SECURITY_SCHEME]: [roleScopes.municipality] }];
  const owners = [{ [SECURITY_SCHEME]: [roleScopes.municipality] }, { [SECURITY_SCHEME]: [roleScopes.centre] }];
  const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

  const create = createRoute({
    method: 'post',
    path: base,
    tags: [v.tag],
    summary: v.createSummary,
    description: `Municipalities only; the municipality is taken from the token. Routed to one centre and queued in one transaction. Idempotent per Idempotency-Key (records kept at least 24 hours).${kind === 'case' ? ' A second open case with the same municipalReference is a 409 naming the existing case id.' : ' A caseId must name one of your own cases (else 404); preferredCentre overrides the routing table.'}`,
    security: municipal,
    request: { headers: IdempotencyHeaderSchema, body: { required: true, ...json(v.submission) } },
    responses: {
      201: {
        description: `The ${v.noun}, queued for its centre. A replay carries Idempotent-Replayed: true.`,
        headers: z.object({ Location: z.string(), 'Idempotent-Replayed': z.literal('true').optional() }),
        ...json(v.resource),
      },
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 431),
    },
  });

  const list = createRoute({
    method: 'get',
    path: base,
    tags: [v.tag],
    summary: `List ${v.noun}s, newest first, without personal data`,
    description: 'A municipality sees its own, a centre those assigned to it.',
    security: owners,
    request: { query: ListQuerySchema },
    responses: { 200: { description: 'One page', ...json(ListSchema) }, ...problemResponses(400, 401, 403, 422, 431) },
  });

  const read = createRoute({
    method: 'get',
    path: `${base}/{id}`,
    tags: [v.tag],
    summary: `Read one ${v.noun} with its personal data`,
    description:
      'The owning municipality or the assigned centre; administrators get 403, anyone else 404. Every read is recorded in the exchange log.',
    security: owners,
    request: { params: IdParamSchema },
    responses: { 200: { description: `The ${v.noun}`, ...json(v.resource) }, ...problemResponses(401, 403, 404, 431) },
  });

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(base, requireIdempotencyKey());

  app.openapi(create, async (c) => {
    const result = await service.submit({
      kind,
      principal: c.get('principal'),
      body: c.req.valid('json') as Record<string, unknown>,
      rawBody: await c.req.json(),
      idempotencyKey: c.req.valid('header')['idempotency-key'],
      requestId: c.get('requestId'),
    });
    c.header('Location', `${base}/${String(result.resource.id)}`);
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.resource as never, 201);
  });

  app.openapi(list, async (c) => {
    const principal = c.get('principal');
    const query = c.req.valid('query');
    const binding = { clientId: principal.clientId, query: JSON.stringify([kind, query.status ?? null, query.municipalReference ?? null]) };
    const after = query.cursor ? await cursors.open(query.cursor, binding) : undefined;
    const page = await service.list(kind, principal, { ...query, after });
    const nextCursor = page.after === undefined ? null : await cursors.seal(page.after, binding);
    return c.json({ items: page.items, nextCursor }, 200);
  });

  app.openapi(read, async (c) => {
    const resource = await service.read(kind, c.get('principal'), c.req.valid('param').id, c.get('requestId'));
    return c.json(resource as never, 200);
  });

  return app;
}
