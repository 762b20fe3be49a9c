import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullCase, type Json, minimalConsultation } from '../../support/fixtures.ts';
import { type JsonPath, memberPaths, renameAt, setAt, stringPaths } from '../../support/json-paths.ts';
import { expectProblem } from '../../support/problems.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
/** Printable ASCII around the surrogate: it can never pair with a neighbour. */
const withLoneSurrogate = fc
  .tuple(fc.string({ maxLength: 10 }), loneSurrogate, fc.string({ maxLength: 10 }))
  .map((parts) => parts.join(''));

describe('ill-formed Unicode at the edge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (path: string, text: string | Uint8Array) =>
    t.call('abh-03101', path, { method: 'POST', body: text, headers: { 'Idempotency-Key': crypto.randomUUID() } });

  it('refuses a consultation whose caseId is a lone surrogate with 400, not 500', async () => {
    const body = minimalConsultation({ caseId: '\ud800' });
    const problem = await expectProblem(await post('/v1/consultations', JSON.stringify(body)), 400, '/problems/malformed-request');
    expect(problem.detail).toMatch(/lone surrogate/);
  });

  it('refuses an escaped lone surrogate in any string value or member name of a body with 400', async () => {
    const body = fullCase() as Json;
    const strings = stringPaths(body);
    const members = memberPaths(body);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constant('value' as const), fc.constantFrom(...strings)),
          fc.tuple(fc.constant('name' as const), fc.constantFrom(...members)),
        ),
        withLoneSurrogate,
        async ([where, path], bad) => {
          const changed = where === 'value' ? setAt(body, path as JsonPath, bad) : renameAt(body, path as JsonPath, bad);
          // JSON.stringify writes a lone surrogate as a \u escape (well-formed JSON.stringify, ES2019).
          const text = JSON.stringify(changed);
          expect(text).toMatch(/\\ud[89a-f][0-9a-f]{2}/);
          await expectProblem(await post('/v1/cases', text), 400, '/problems/malformed-request');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a raw (UTF-8-encoded) surrogate anywhere in a body with 400: it is not valid UTF-8', async () => {
    const text = JSON.stringify(fullCase());
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0xd800, max: 0xdfff }), async (at, unit) => {
        // The three bytes UTF-8 would give a surrogate code point (CESU-8, WTF-8): forbidden by RFC 3629.
        const raw = new Uint8Array([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]);
        const encoder = new TextEncoder();
        const bytes = new Uint8Array([...encoder.encode(text.slice(0, at)), ...raw, ...encoder.encode(text.slice(at))]);
        await expectProblem(await post('/v1/cases', bytes), 400, '/problems/malformed-request');
      }),
      { numRuns: 100 },
    );
  });

  it('answers a well-formed surrogate pair (an emoji in free text, outside DIN 91379) with 422, not 400', async () => {
    const body = minimalConsultation({ notes: 'Notiz \ud83d\ude00' });
    await expectProblem(await post('/v1/consultations', JSON.stringify(body)), 422, '/problems/validation');
  });
});
