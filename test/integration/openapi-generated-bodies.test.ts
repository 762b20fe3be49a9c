import { generate } from 'json-schema-faker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/runtime.ts';

type Schema = {
  $ref?: string;
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
interface OpenApi {
  components: { schemas: Record<string, Schema> };
}

const BODIES_PER_SCHEMA = 12;

/** The schema of the field at a dotted error path (`person.nationalities.0`), following $refs; undefined when unknown. */
function fieldAt(document: OpenApi, root: string, path: string): Schema | undefined {
  const resolve = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? resolve(document.components.schemas[s.$ref.split('/').pop() as string]) : s;
  let at = resolve(document.components.schemas[root]);
  let described: Schema | undefined = at;
  for (const part of path.split('.').filter(Boolean)) {
    const next = /^\d+$/.test(part) ? at?.items : (at?.properties?.[part] ?? at?.anyOf?.[0]?.properties?.[part]);
    at = resolve(next);
    if (!at) return undefined;
    described = next?.description ? next : at;
  }
  return described;
}

describe('bodies generated from the request schemas of the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenApi;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await (await t.app.request('/openapi.json')).json()) as OpenApi;
  });
  afterAll(() => t.close());

  it.each([
    { schema: 'CaseSubmission', path: '/v1/cases' },
    { schema: 'ConsultationSubmission', path: '/v1/consultations' },
  ] as const)(
    'are accepted by $path, or refused only at fields whose description states their rule',
    async ({ schema, path }) => {
      const statuses: number[] = [];
      for (let seed = 1; seed <= BODIES_PER_SCHEMA; seed++) {
        const body = await generate({ $ref: `#/components/schemas/${schema}`, components: document.components } as never, { seed });
        const response = await t.call('abh-03101', path, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        });
        statuses.push(response.status);
        // 409: a generated file number may meet an open case of an earlier body; that is a documented rule too.
        expect([201, 409, 422], JSON.stringify(body)).toContain(response.status);
        if (response.status !== 422) continue;
        const problem = (await response.json()) as { errors?: { path: string; message: string }[] };
        for (const error of problem.errors ?? []) {
          const field = fieldAt(document, schema, error.path);
          expect(field?.description, `${error.path}: ${error.message} (no rule stated in the document)`).toMatch(/\S/);
        }
      }
      expect(statuses).toHaveLength(BODIES_PER_SCHEMA);
    },
    30_000,
  );
});
