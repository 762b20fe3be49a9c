import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Country } from 'world-countries';
import { NationalitySchema, ReturnTargetSchema } from '../../../schemas/common.ts';
import { ISO_ALPHA3 } from '../../../schemas/country-codes.ts';
import { CaseSubmissionSchema, ConsultationSubmissionSchema } from '../../../schemas/requests.ts';
import { NATIONALITY_CODES, RETURN_TARGET_CODES, SOVEREIGN_STATES } from '../../../schemas/state-codes.ts';
import { minimalCase, minimalConsultation, pathsOf } from '../../support/fixtures.ts';

// The package's typings declare a CommonJS default export that TypeScript's ESM view does not resolve.
const countries: Country[] = createRequire(import.meta.url)('world-countries');

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

/** ISO 3166-1 codes of territories: neither a state nor one of the entities with a nationality of their own. */
const territories = ISO_ALPHA3.filter((code) => !NATIONALITY_CODES.has(code));

describe('the list of states (world-countries, independent: true)', () => {
  it('is exactly the states world-countries marks independent (fails when the package changes its list)', () => {
    const independent = countries.filter((c) => c.independent === true).map((c) => c.cca3);
    expect([...SOVEREIGN_STATES].sort()).toEqual(independent.sort());
    expect(SOVEREIGN_STATES).toHaveLength(194);
  });

  it('leaves 53 ISO 3166-1 entries as territories, among them Aruba, Puerto Rico, Guam, Antarctica and Hong Kong', () => {
    expect(territories).toHaveLength(53);
    expect(territories).toEqual(expect.arrayContaining(['ABW', 'PRI', 'GUM', 'ATA', 'HKG', 'MAC', 'ESH', 'GRL']));
  });
});

describe('nationalities are states (CONTRACT.md), not territories', () => {
  it.each(['DEU', 'SYR', 'AFG', 'VAT', 'TWN', 'PSE', 'XKX', 'XXA', 'XXB', 'XXC', 'XXX'])('accepts %s', (code) => {
    expect(accepts(NationalitySchema, code)).toBe(true);
  });

  it.each(['ABW', 'PRI', 'GUM', 'ATA', 'HKG', 'MAC'])('refuses the territory %s, naming the rule', (code) => {
    const result = NationalitySchema.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/state \(not a territory/);
  });

  it('refuses every territory as a nationality of a case and of a consultation, at that nationality', () => {
    fc.assert(
      fc.property(fc.constantFrom(...territories), fc.nat(2), (code, index) => {
        const nationalities = ['SYR', 'AFG', 'IRQ'].slice(0, index).concat(code);
        const at = `person.nationalities.${index}`;
        expect(pathsOf(CaseSubmissionSchema, minimalCase({ person: { nationalities } }))).toEqual([at]);
        expect(pathsOf(ConsultationSubmissionSchema, minimalConsultation({ person: { nationalities } }))).toEqual([at]);
      }),
      { numRuns: territories.length * 3 },
    );
  });
});

describe('the target country of a return is a state', () => {
  it.each(['SYR', 'TUR', 'XKX', 'TWN', 'PSE'])('accepts %s', (code) => {
    expect(accepts(ReturnTargetSchema, code)).toBe(true);
  });

  it.each(['HKG', 'ABW', 'ATA', 'XXA', 'XXX'])('refuses %s', (code) => {
    expect(accepts(ReturnTargetSchema, code)).toBe(false);
  });

  it('refuses every territory as targetCountry', () => {
    fc.assert(
      fc.property(fc.constantFrom(...territories), (targetCountry) => {
        expect(pathsOf(CaseSubmissionSchema, minimalCase({ targetCountry }))).toEqual(['targetCountry']);
      }),
      { numRuns: territories.length },
    );
    expect([...RETURN_TARGET_CODES].filter((code) => code.startsWith('XX'))).toEqual([]);
  });
});
