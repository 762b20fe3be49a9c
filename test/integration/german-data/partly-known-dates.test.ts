import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInGermany } from '../../../schemas/common.ts';
import { errorPaths, expectProblem } from '../../support/problems.ts';
import { minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** The consent date of the minimal bodies: age rules are judged on it. */
const SIGNED_ON = '2026-11-20';
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

interface Partial {
  year: number;
  month?: number | undefined;
  day?: number | undefined;
}

/** A partly known date: the year always, the month sometimes, the day only with a month. */
const partialDate = (minYear: number, maxYear: number) =>
  fc
    .record({
      year: fc.integer({ min: minYear, max: maxYear }),
      month: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      day: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }),
    })
    .map(({ year, month, day }): Partial => ({ year, month, day: month === undefined ? undefined : day }))
    .filter(({ year, month, day }) => month === undefined || day === undefined || day <= lastDayOfMonth(year, month));

/** The reduced form: YYYY, YYYY-MM or YYYY-MM-DD. */
const reduced = ({ year, month, day }: Partial) =>
  [pad(year, 4), month && pad(month), month && day && pad(day)].filter((part) => part !== undefined).join('-');
/** The legacy form with zeros for what is unknown: YYYY-00-00, YYYY-MM-00, YYYY-MM-DD. */
const legacy = ({ year, month, day }: Partial) => `${pad(year, 4)}-${pad(month ?? 0)}-${pad(day ?? 0)}`;

/** Whether someone born on the last day the partial date can mean is 18 on `onDate` (the protective reading). */
function certainlyAdultOn(date: Partial, onDate: string): boolean {
  const month = date.month ?? 12;
  const day = date.day ?? lastDayOfMonth(date.year, month);
  return `${pad(date.year + 18, 4)}-${pad(month)}-${pad(day)}` <= onDate;
}

describe('partly known dates of birth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = (overrides: Parameters<typeof minimalCase>[0]) => submit(t, 'abh-03101', '/v1/cases', minimalCase(overrides));

  it('accepts 1990-00-00 and 1990 and answers both as 1990', async () => {
    for (const dateOfBirth of ['1990-00-00', '1990']) {
      const response = await create({ person: { dateOfBirth } });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ person: { dateOfBirth: '1990' } });
    }
    const month = await create({ person: { dateOfBirth: '1990-05-00' } });
    expect(await month.json()).toMatchObject({ person: { dateOfBirth: '1990-05' } });
  });

  it('accepts every partly known date of an adult, in reduced or legacy form, and answers the reduced form', async () => {
    await fc.assert(
      fc.asyncProperty(partialDate(1900, 2000), fc.boolean(), async (date, asLegacy) => {
        const response = await create({ person: { dateOfBirth: asLegacy ? legacy(date) : reduced(date) } });
        expect(response.status).toBe(201);
        expect(await response.json()).toMatchObject({ person: { dateOfBirth: reduced(date) } });
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a partly known date whose first possible day is in the future (German time)', async () => {
    const today = todayInGermany();
    const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const future = fc.oneof(
      fc.integer({ min: year + 1, max: 9999 }).map((y) => pad(y, 4)),
      ...(month < 12 ? [fc.integer({ min: month + 1, max: 12 }).map((m) => `${year}-${pad(m)}`)] : []),
    );
    await fc.assert(
      fc.asyncProperty(future, async (dateOfBirth) => {
        const problem = await expectProblem(await create({ person: { dateOfBirth } }), 422, '/problems/validation');
        expect(errorPaths(problem)).toContain('person.dateOfBirth');
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a day without a month, month 13 and a day its month does not have, in every form', async () => {
    const impossible = fc.oneof(
      fc.integer({ min: 1, max: 31 }).map((day) => `1990-00-${pad(day)}`),
      fc.integer({ min: 13, max: 99 }).map((month) => `1990-${pad(month)}`),
      fc.constantFrom('1990-02-30', '1990-04-31', '1990-02-29', '1899', '1899-12'),
    );
    await fc.assert(
      fc.asyncProperty(impossible, async (dateOfBirth) => {
        const problem = await expectProblem(await create({ person: { dateOfBirth } }), 422, '/problems/validation');
        expect(errorPaths(problem)).toEqual(['person.dateOfBirth']);
      }),
      { numRuns: 40 },
    );
  });

  it('treats a person who could be under 18 as a minor: the guardian signs, on partly known dates too', async () => {
    await fc.assert(
      fc.asyncProperty(partialDate(2006, 2010), fc.constantFrom('person', 'guardian'), async (date, signedBy) => {
        const response = await create({ person: { dateOfBirth: reduced(date) }, consent: { signedBy } });
        const allowed = signedBy === 'guardian' || certainlyAdultOn(date, SIGNED_ON);
        if (allowed) expect(response.status).toBe(201);
        else expect(errorPaths(await expectProblem(response, 422, '/problems/validation'))).toEqual(['consent.signedBy']);
      }),
      { numRuns: 40 },
    );
  });

  it('asks the consent of a household member only when certainly adult, on partly known dates too', async () => {
    await fc.assert(
      fc.asyncProperty(partialDate(2006, 2010), async (date) => {
        const member = { relationship: 'child', familyName: 'Haddad', givenNames: 'Lina', dateOfBirth: legacy(date) };
        const response = await create({ household: { members: [member] } });
        if (certainlyAdultOn(date, SIGNED_ON)) {
          expect(errorPaths(await expectProblem(response, 422, '/problems/validation'))).toEqual(['household.members.0.consent']);
        } else {
          expect(response.status).toBe(201);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('accepts an unaccompanied minor with a partly known date of birth when the guardian signs', async () => {
    const response = await create({
      person: { dateOfBirth: '2010' },
      household: { unaccompaniedMinor: true, legalGuardian: { name: 'Jugendamt Stadt Braunschweig' } },
      consent: { signedBy: 'guardian' },
    });
    expect(response.status).toBe(201);
  });

  it('documents the partly known forms for dateOfBirth in the OpenAPI document', async () => {
    const document = (await (await t.app.request('/openapi.json')).json()) as {
      components: { schemas: { Person: { properties: { dateOfBirth: { pattern?: string; description?: string } } } } };
    };
    const field = document.components.schemas.Person.properties.dateOfBirth;
    expect(field.pattern).toBe('^\\d{4}(-\\d{2}(-\\d{2})?)?$');
    expect(field.description).toMatch(/YYYY-MM-DD, YYYY-MM or YYYY/);
    expect(field.description).toMatch(/1990-00-00/);
  });
});
