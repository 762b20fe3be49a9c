import type { Context } from 'hono';
import type { z } from 'zod';
import type { FieldError } from '../../schemas/problem.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';

function pathOf(segments: readonly PropertyKey[]): string {
  return segments.map(String).join('.');
}

/** Turns zod issues into field errors; unknown keys are reported one by one under their own path. */
export function fieldErrorsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...path, key]), message: 'unknown field' }));
    }
    return [{ path: pathOf(path) || '(body)', message: issue.message }];
  });
}

type HookResult = { success: true } | { success: false; error: z.ZodError; target?: string };

/**
 * The default hook of every OpenAPIHono app: a failed zod validation becomes a 422 problem with
 * field errors; query parameters and headers are prefixed with their location. A path parameter that
 * fails names no resource that can exist: 404, as for an unknown id (never a hint about the shape).
 */
export function validationHook(result: HookResult, _c: Context): void {
  if (result.success) return;
  if (result.target === 'param') throw new NotFoundError();
  const prefix = result.target === 'query' || result.target === 'param' || result.target === 'header' ? [result.target] : [];
  throw new ValidationError(fieldErrorsOf(result.error, prefix));
}
