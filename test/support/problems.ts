import { expect } from 'vitest';

/** Asserts an RFC 9457 problem of the given status and type, without stack traces; returns its body. */
export async function expectProblem(response: Response, status: number, type: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect({ status: response.status, body: text.slice(0, 300) }).toMatchObject({ status });
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ type, status, title: expect.any(String) });
  expect(text).not.toMatch(/at .*\.ts:\d+/);
  return body;
}

/** The dotted paths of a validation problem's field errors. */
export function errorPaths(problem: Record<string, unknown>): string[] {
  return ((problem.errors as { path: string }[] | undefined) ?? []).map((error) => error.path);
}
