import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { din91379, dinString, typeAName } from '../../support/din-91379.ts';
import { minimalConsultation, type Overrides } from '../../support/fixtures.ts';
import { errorPaths, expectProblem } from '../../support/problems.ts';
import { minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

const NAME_FIELDS = ['familyName', 'givenNames', 'birthName'] as const;

/** Invisible and format characters: zero-width space and joiners, bidi marks and overrides, soft hyphen, BOM, tags. */
const INVISIBLE = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202E',
  '\u2066',
  '\u2069',
  '\u00AD',
  '\uFEFF',
  '\u2060',
  '\u2062',
  '\u180E',
  '\u{E0041}',
  '\u061C',
  '\u3164',
  '\u2800',
];

describe('names as DIN 91379 data type A', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const consultation = (person: Overrides, extra: Overrides = {}) =>
    submit(t, 'abh-03101', '/v1/consultations', minimalConsultation({ person, ...extra }));

  it('accepts Məmmədov, Nərmin (the schwa is a DIN 91379 letter) and D´Angelo (´ is a non-letter N1)', async () => {
    const response = await submit(t, 'abh-03101', '/v1/cases', minimalCase({ person: { familyName: 'Məmmədov', givenNames: 'Nərmin' } }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ person: { familyName: 'Məmmədov', givenNames: 'Nərmin' } });
    const apostrophe = await submit(t, 'abh-03101', '/v1/cases', minimalCase({ person: { familyName: 'D´Angelo' } }));
    expect(apostrophe.status).toBe(201);
  });

  it('accepts every name of DIN 91379 letters, sequences and N1 non-letters, sent in NFC or NFD, and answers it in NFC', async () => {
    await fc.assert(
      fc.asyncProperty(typeAName, fc.constantFrom(...NAME_FIELDS), fc.boolean(), async (name, field, decomposed) => {
        const response = await consultation({ [field]: decomposed ? name.normalize('NFD') : name });
        expect(response.status).toBe(201);
        const body = (await response.json()) as { person: Record<string, string> };
        expect(body.person[field]).toBe(name.normalize('NFC'));
      }),
      { numRuns: 40 },
    );
  });

  it('accepts places of DIN 91379 data type B (adds N2) and notes of type C (adds N3, N4)', async () => {
    await fc.assert(
      fc.asyncProperty(
        dinString([...din91379.n1, ...din91379.n2]),
        dinString([...din91379.n1, ...din91379.n2, ...din91379.n3, '\n']),
        async (place, notes) => {
          const response = await consultation({ placeOfBirth: place }, { notes });
          expect(response.status).toBe(201);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses a name with a non-letter N2, N3 or N4 (data types B and C only) at its path', async () => {
    await fc.assert(
      fc.asyncProperty(
        typeAName,
        fc.constantFrom(...din91379.n2, ...din91379.n3, '\t', '\u00A0'),
        fc.nat(),
        fc.constantFrom(...NAME_FIELDS),
        async (name, bad, at, field) => {
          const position = 1 + (at % name.length);
          const problem = await expectProblem(
            await consultation({ [field]: `${name.slice(0, position)}${bad}${name.slice(position)}a` }),
            422,
            '/problems/validation',
          );
          expect(errorPaths(problem)).toEqual([`person.${field}`]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('things that are not names', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const refusedAt = async (person: Overrides, path: string) => {
    const response = await submit(t, 'abh-03101', '/v1/cases', minimalCase({ person }));
    const problem = await expectProblem(response, 422, '/problems/validation');
    expect(errorPaths(problem)).toEqual([path]);
    return problem;
  };

  it('refuses the family name "---" and given names of two combining acute accents only', async () => {
    const dashes = await refusedAt({ familyName: '---' }, 'person.familyName');
    expect(JSON.stringify(dashes.errors)).toContain('at least one letter');
    await refusedAt({ givenNames: '\u0301\u0301' }, 'person.givenNames');
  });

  it('refuses every name made of non-letters N1 only', async () => {
    const nonLetters = fc
      .array(fc.constantFrom(...din91379.n1), { minLength: 1, maxLength: 20 })
      .map((units) => units.join(''))
      .filter((value) => value.trim() !== '');
    await fc.assert(
      fc.asyncProperty(nonLetters, fc.constantFrom(...NAME_FIELDS), async (name, field) => {
        await refusedAt({ [field]: name }, `person.${field}`);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a combining mark that no listed sequence has: alone, at the start, after a non-letter, or one too many', async () => {
    const anyMark = fc.oneof(
      fc.constantFrom(...din91379.marks),
      fc.integer({ min: 0x0300, max: 0x036f }).map((c) => String.fromCodePoint(c)),
    );
    await fc.assert(
      fc.asyncProperty(
        typeAName,
        anyMark,
        fc.constantFrom('start', 'after-non-letter', 'doubled'),
        fc.constantFrom(...NAME_FIELDS),
        async (name, mark, where, field) => {
          const bad =
            where === 'start'
              ? `${mark}${name}`
              : where === 'after-non-letter'
                ? `${name}-${mark}`
                : // Two marks of one kind in a row: no DIN 91379 sequence repeats a mark.
                  `${name}${mark}${mark}`;
          await refusedAt({ [field]: bad }, `person.${field}`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses invisible and format characters anywhere in a name', async () => {
    const format = fc.oneof(
      fc.constantFrom(...INVISIBLE),
      fc
        .integer({ min: 0, max: 0xe007f })
        .map((c) => String.fromCodePoint(c))
        .filter((c) => /^\p{Cf}$/u.test(c)),
    );
    await fc.assert(
      fc.asyncProperty(typeAName, format, fc.nat(), fc.constantFrom(...NAME_FIELDS), async (name, invisible, at, field) => {
        const position = at % (name.length + 1);
        await refusedAt({ [field]: `${name.slice(0, position)}${invisible}${name.slice(position)}` }, `person.${field}`);
      }),
      { numRuns: 60 },
    );
  });
});
