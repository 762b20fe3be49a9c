import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { StatusChangeSchema, TransferSchema } from '../../../schemas/lifecycle.ts';
import { IdParamSchema, WithdrawSchema } from '../../../schemas/requests.ts';
import type { ChangeCall, LifecycleService } from '../../core/lifecycle/lifecycle-service.ts';
import { roleScopes } from '../../core/permissions.ts';
import type { RequestKind } from '../../core/requests/request.ts';
import type { AppEnv } from '../env.ts';
import { optionalIdempotencyKey } from '../middleware/idempotency-key.ts';
import { SECURITY_SCHEME } from '../openapi.ts';
import { problemResponses } from '../problem-responses.ts';
import { validationHook } from '../validation.ts';
import { variants } from './requests.ts';

const OptionalIdempotencyHeaderSchema = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().meta({
    description:
      'Optional, unique per intended change, scoped to the client: a retry with the same key and body answers 200 with the resource (never a 409 for the change it made itself); the same key with another body or on another request is a 422',
    example: '7d0e1c2a-5b3f-4e6d-8a9c-1f2e3d4c5b6a',
  }),
});

const CHANGE_PROBLEMS = [400, 401, 403, 404, 409, 413, 415, 422, 431] as const;

/**
 * The changes of an existing case or consultation request: the municipality's withdrawal, the assigned
 * centre's status reports and transfers. Each answers 200 with the resource and takes an optional
 * Idempotency-Key.
 */
export function lifecycleRoutes(kind: RequestKind, service: LifecycleService) {
  const v = variants[kind];
  const base = `/v1/${v.path}/{id}`;
  const municipal = [{ [SECURITY_SCHEME]: [roleScopes.municipality] }];
  const centre = [{ [SECURITY_SCHEME]: [roleScopes.centre] }];
  const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
  const request = <T extends z.ZodType>(body: T) => ({
    params: IdParamSchema,
    headers: OptionalIdempotencyHeaderSchema,
    body: { required: true, ...json(body) },
  });

  const withdraw = createRoute({
    method: 'post',
    path: `${base}/withdraw`,
    tags: [v.tag],
    summary: `Withdraw a ${v.noun}`,
    description:
      'The owning municipality withdraws a request that is not final (else 409); the assigned centre receives the withdrawal as work. With consentRevoked (GDPR art. 7(3)) the personal data is erased at once.',
    security: municipal,
    request: request(WithdrawSchema),
    responses: { 200: { description: `The withdrawn ${v.noun}`, ...json(v.resource) }, ...problemResponses(...CHANGE_PROBLEMS) },
  });

  const status = createRoute({
    method: 'post',
    path: `${base}/status`,
    tags: [v.tag],
    summary: `Report the status of a ${v.noun} (assigned centre)`,
    description:
      'From delivered, in_counselling or appointment_scheduled to in_counselling, appointment_scheduled (with appointmentAt), completed, departed or closed_without_return; any other change is 409 /problems/invalid-transition. A final status shortens the retention of the personal data and frees the file number. The note is kept with the personal data and never logged.',
    security: centre,
    request: request(StatusChangeSchema),
    responses: { 200: { description: `The ${v.noun} in its new status`, ...json(v.resource) }, ...problemResponses(...CHANGE_PROBLEMS) },
  });

  const transfer = createRoute({
    method: 'post',
    path: `${base}/transfer`,
    tags: [v.tag],
    summary: `Transfer a ${v.noun} to the other centre (assigned centre)`,
    description:
      'From delivered, in_counselling or appointment_scheduled: the request becomes queued at the other centre, which receives a transferred work item. The caller loses access at once, so the answer carries no personal data (personalData: withheld). Transferring to the assigned centre itself is 409 /problems/invalid-transition.',
    security: centre,
    request: request(TransferSchema),
    responses: {
      200: { description: `The ${v.noun}, queued at the other centre, without personal data`, ...json(v.resource) },
      ...problemResponses(...CHANGE_PROBLEMS),
    },
  });

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const action of ['withdraw', 'status', 'transfer']) app.use(`/v1/${v.path}/:id/${action}`, optionalIdempotencyKey());

  const call = async (c: Context<AppEnv>, id: string): Promise<ChangeCall> => ({
    kind,
    principal: c.get('principal'),
    id,
    requestId: c.get('requestId'),
    rawBody: await c.req.json(),
    idempotencyKey: c.req.header('idempotency-key'),
  });

  app.openapi(withdraw, async (c) => {
    const resource = await service.withdraw(await call(c, c.req.valid('param').id), c.req.valid('json'));
    return c.json(resource as never, 200);
  });

  app.openapi(status, async (c) => {
    const resource = await service.changeStatus(await call(c, c.req.valid('param').id), c.req.valid('json'));
    return c.json(resource as never, 200);
  });

  app.openapi(transfer, async (c) => {
    const resource = await service.transfer(await call(c, c.req.valid('param').id), c.req.valid('json'));
    return c.json(resource as never, 200);
  });

  return app;
}
