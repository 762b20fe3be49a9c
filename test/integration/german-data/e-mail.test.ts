import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorPaths, expectProblem } from '../../support/problems.ts';
import { minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** A label of letters (umlauts, other Latin letters, Greek and Cyrillic: RFC 6531 allows any script) and digits. */
const label = fc
  .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzäöüßéçłøəαβжд0123456789'), { minLength: 1, maxLength: 20 })
  .map((chars) => chars.join(''));
const hyphenated = fc.tuple(label, fc.option(label, { nil: undefined })).map(([a, b]) => (b ? `${a}-${b}` : a));
const topLevel = fc.constantFrom('de', 'org', 'eu', 'berlin', 'info');

describe('internationalised e-mail addresses (RFC 6531)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = (email: string) => submit(t, 'abh-03101', '/v1/cases', minimalCase({ contact: { email } }));

  it('accepts contact.email abh@landkreis-müden.de', async () => {
    const response = await create('abh@landkreis-müden.de');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ contact: { email: 'abh@landkreis-müden.de' } });
  });

  it('accepts addresses with umlauts or other letters in the local part and the domain, and answers them in NFC', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(label, { minLength: 1, maxLength: 3 }),
        fc.array(hyphenated, { minLength: 1, maxLength: 3 }),
        topLevel,
        fc.boolean(),
        async (local, domain, tld, decomposed) => {
          const email = `${local.join('.')}@${domain.join('.')}.${tld}`;
          const response = await create(decomposed ? email.normalize('NFD') : email);
          expect(response.status).toBe(201);
          expect(((await response.json()) as { contact: { email: string } }).contact.email).toBe(email.normalize('NFC'));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('still refuses what is no address: no @, no domain, no top-level domain, spaces, invisible characters', async () => {
    const broken = fc.oneof(
      label.map((l) => `${l}.example.org`),
      label.map((l) => `${l}@`),
      label.map((l) => `${l}@müden`),
      fc.tuple(label, label).map(([a, b]) => `${a} ${b}@example.org`),
      fc.tuple(label, fc.constantFrom('\u200B', '\u202E', '\u00AD', '\u0000')).map(([l, c]) => `${l}${c}@müden.de`),
    );
    await fc.assert(
      fc.asyncProperty(broken, async (email) => {
        const problem = await expectProblem(await create(email), 422, '/problems/validation');
        expect(errorPaths(problem)).toEqual(['contact.email']);
        expect(JSON.stringify(problem)).not.toContain(email);
      }),
      { numRuns: 50 },
    );
  });
});
