import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../support/fixtures.ts';
import { errorPaths, expectProblem } from '../../support/problems.ts';
import { minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** Tags of one language in other spellings: case, ISO 639-2/3 aliases that Intl.getCanonicalLocales maps. */
const SPELLINGS: Record<string, string[]> = {
  ar: ['ar', 'AR', 'Ar', 'ara', 'ARA', 'arb'],
  fa: ['fa', 'FA', 'fas', 'per'],
  de: ['de', 'DE', 'deu', 'ger'],
  ti: ['ti', 'TI', 'tir'],
  'sr-Latn': ['sr-Latn', 'SR-LATN', 'sr-latn', 'srp-Latn'],
  he: ['he', 'iw', 'HE'],
};

describe('data that contradicts itself', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = (overrides: Parameters<typeof minimalCase>[0]) => submit(t, 'abh-03101', '/v1/cases', minimalCase(overrides));

  it('refuses a border-crossing certificate whose departureBy is before its issuedOn', async () => {
    const response = await create({ residence: { borderCrossingCertificate: { issuedOn: '2026-11-02', departureBy: '2026-10-31' } } });
    const problem = await expectProblem(response, 422, '/problems/validation');
    expect(errorPaths(problem)).toEqual(['residence.borderCrossingCertificate.departureBy']);
  });

  it('refuses languages ["ar", "AR"] as one language given twice', async () => {
    const problem = await expectProblem(await create({ person: { languages: ['ar', 'AR'] } }), 422, '/problems/validation');
    expect(errorPaths(problem)).toEqual(['person.languages']);
  });

  it('accepts a border-crossing certificate exactly when departureBy is not before issuedOn', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -400, max: 400 }), async (issued, days) => {
        const issuedOn = addDays('2020-01-01', issued);
        const departureBy = addDays(issuedOn, days);
        const response = await create({ residence: { borderCrossingCertificate: { issuedOn, departureBy } } });
        if (days >= 0) expect(response.status).toBe(201);
        else
          expect(errorPaths(await expectProblem(response, 422, '/problems/validation'))).toEqual([
            'residence.borderCrossingCertificate.departureBy',
          ]);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a consent signed before the (earliest possible) date of birth', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2000 }), fc.constantFrom('full', 'month', 'year'), async (daysBefore, known) => {
        const born = addDays('2025-06-15', -Math.floor(daysBefore / 4));
        const dateOfBirth = known === 'full' ? born : known === 'month' ? born.slice(0, 7) : born.slice(0, 4);
        const earliest = known === 'full' ? born : known === 'month' ? `${born.slice(0, 7)}-01` : `${born.slice(0, 4)}-01-01`;
        const signedOn = addDays(earliest, -daysBefore);
        const problem = await expectProblem(
          await create({ person: { dateOfBirth }, consent: { signedOn, signedBy: 'guardian' } }),
          422,
          '/problems/validation',
        );
        expect(errorPaths(problem)).toEqual(['consent.signedOn']);
      }),
      { numRuns: 40 },
    );
  });

  it('compares languages in canonical BCP 47 form: two spellings of one language are refused, the canonical form is stored', async () => {
    const languages = Object.keys(SPELLINGS);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...languages), fc.nat(), fc.nat(), fc.boolean(), async (language, a, b, twice) => {
        const spellings = SPELLINGS[language] as string[];
        const first = spellings[a % spellings.length] as string;
        const second = spellings[b % spellings.length] as string;
        const response = await create({ person: { languages: twice ? [first, second] : [first] } });
        if (twice) {
          expect(errorPaths(await expectProblem(response, 422, '/problems/validation'))).toEqual(['person.languages']);
        } else {
          expect(response.status).toBe(201);
          expect(await response.json()).toMatchObject({ person: { languages: [language] } });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses und, zxx and mul: they are not languages a person speaks', async () => {
    for (const tag of ['und', 'zxx', 'mul', 'UND', 'und-Latn']) {
      const problem = await expectProblem(await create({ person: { languages: [tag] } }), 422, '/problems/validation');
      expect(errorPaths(problem)).toEqual(['person.languages.0']);
    }
  });
});
