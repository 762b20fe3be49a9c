import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullCase, type Json } from '../../support/fixtures.ts';
import { getAt, type JsonPath, memberPaths, withDuplicateMember } from '../../support/json-paths.ts';
import { expectProblem } from '../../support/problems.ts';
import { minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('ambiguous JSON: duplicate member names and __proto__', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (text: string) =>
    t.call('abh-03101', '/v1/cases', { method: 'POST', body: text, headers: { 'Idempotency-Key': crypto.randomUUID() } });

  it('refuses a body with "consent" twice (first dataTransfer false, then true) with 400', async () => {
    const body = minimalCase() as Json;
    const text = withDuplicateMember(body, ['consent'], { dataTransfer: false, signedOn: '2026-11-20' });
    expect(JSON.parse(text)).toMatchObject({ consent: { dataTransfer: true } });
    const problem = await expectProblem(await post(text), 400, '/problems/malformed-request');
    expect(problem.detail).toMatch(/"consent" occurs twice/);
  });

  it('refuses a member name twice in one object at any depth, whatever the two values, with 400', async () => {
    const body = fullCase() as Json;
    const paths = memberPaths(body);
    const anyValue = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.oneof(anyValue, fc.constant(null)), fc.boolean(), async (path, other, same) => {
        const first = same ? getAt(body, path as JsonPath) : other;
        await expectProblem(await post(withDuplicateMember(body, path as JsonPath, first)), 400, '/problems/malformed-request');
      }),
      { numRuns: 150 },
    );
  });

  it('sees a member name written with escapes as the same name', async () => {
    const text = JSON.stringify(minimalCase()).replace('"consent":', '"consent":{"dataTransfer":false},"\\u0063onsent":');
    await expectProblem(await post(text), 400, '/problems/malformed-request');
  });

  it('refuses a __proto__ member at any depth with 400', async () => {
    const body = fullCase() as Json;
    const objects = [[], ...memberPaths(body)].filter((path) => {
      const value = getAt(body, path as JsonPath);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...objects), fc.jsonValue({ maxDepth: 1 }), async (path, value) => {
        const text = JSON.stringify(body, function (this: unknown, _key, member: unknown) {
          // Adds "__proto__" as an own member of the chosen object (JSON.parse would make it one too).
          if (member === getAt(body, path as JsonPath))
            return JSON.parse(`{"__proto__":${JSON.stringify(value)},${JSON.stringify(member).slice(1)}`);
          return member;
        });
        expect(text).toContain('"__proto__"');
        await expectProblem(await post(text), 400, '/problems/malformed-request');
      }),
      { numRuns: 60 },
    );
  });
});
