import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ProblemKind, ProblemSchema, problemCatalogue, problemKinds, problemTypeUri } from '../../../schemas/problem.ts';
import { NotFoundError } from '../../core/errors.ts';
import { validationHook } from '../validation.ts';

const ProblemTypeSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int() })
  .meta({ id: 'ProblemType', example: { type: '/problems/validation', title: 'Request is invalid', status: 422 } });

const route = createRoute({
  method: 'get',
  path: '/problems/{kind}',
  tags: ['Operations'],
  summary: 'Describes one problem type (the target of a problem `type` URI)',
  request: { params: z.object({ kind: z.enum(problemKinds as [ProblemKind, ...ProblemKind[]]) }) },
  responses: {
    200: { description: 'The problem type', content: { 'application/json': { schema: ProblemTypeSchema } } },
    404: { description: 'No such problem type', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** Makes every `type` URI of a problem resolvable, so a developer can look it up. */
export function problemRoutes() {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(
    route,
    (c) => {
      const { kind } = c.req.valid('param');
      return c.json({ type: problemTypeUri(kind), ...problemCatalogue[kind] }, 200);
    },
    (result) => {
      if (!result.success) throw new NotFoundError('No such problem type');
      return undefined;
    },
  );
}
