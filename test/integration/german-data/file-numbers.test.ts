import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorPaths, expectProblem } from '../../support/problems.ts';
import { minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/**
 * File numbers with letters that have case and decompose (ü, ß, é), digits and separators. Not the
 * dotless ı: upper-casing makes it I, which Unicode default case folding keeps apart from ı.
 */
const fileNumber = fc
  .array(fc.constantFrom('A', 'b', 'H', 'ü', 'Ö', 'ß', 'é', 'Ə', 'ł', '1', '7', '-', '/', '.', ' '), { minLength: 3, maxLength: 20 })
  .map((parts) => `Az ${parts.join('').trim()}`);

/** Ways of typing the same file number: NFD, other case, extra and odd spaces around and inside. */
const retyped = (reference: string) =>
  fc
    .record({ nfd: fc.boolean(), upper: fc.boolean(), lower: fc.boolean(), spaces: fc.constantFrom(' ', '  ', '\u00A0', '\t', ' \u2009') })
    .map(({ nfd, upper, lower, spaces }) => {
      let variant = upper ? reference.toUpperCase() : lower ? reference.toLowerCase() : reference;
      if (nfd) variant = variant.normalize('NFD');
      return ` ${variant.replaceAll(' ', spaces)}  `;
    });

describe('file numbers (municipalReference) that look equal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = (municipalReference: string) => submit(t, 'abh-03101', '/v1/cases', minimalCase({ municipalReference }));
  const listed = async (municipalReference: string) => {
    const response = await t.call('abh-03101', `/v1/cases?municipalReference=${encodeURIComponent(municipalReference)}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { id: string; municipalReference: string }[] }).items;
  };

  it('refuses a second open case for the same file number sent once in NFC and once in NFD', async () => {
    const reference = `ABH-Müden-${crypto.randomUUID().slice(0, 8)}`;
    const first = await create(reference);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    const twin = await create(reference.normalize('NFD'));
    const problem = await expectProblem(twin, 409, '/problems/duplicate-reference');
    expect(problem.existingCaseId).toBe(id);
    expect((await listed(reference.normalize('NFD'))).map((item) => item.id)).toEqual([id]);
  });

  it('treats ABH-2026-0001 and abh-2026-0001 as one open case', async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    expect((await create(`ABH-2026-0001-${suffix}`)).status).toBe(201);
    await expectProblem(await create(`abh-2026-0001-${suffix.toUpperCase()}`), 409, '/problems/duplicate-reference');
  });

  it('finds one file by every way of typing it, both for the one-open-case rule and the list filter, and stores it normalised', async () => {
    await fc.assert(
      fc.asyncProperty(
        fileNumber.chain((reference) => fc.tuple(fc.constant(reference), retyped(reference), retyped(reference))),
        async ([reference, sent, again]) => {
          const unique = `${reference} ${crypto.randomUUID().slice(0, 6)}`;
          const uniqueSent = `${sent.trimEnd()} ${unique.slice(-6)}`;
          const response = await create(uniqueSent);
          expect(response.status).toBe(201);
          const created = (await response.json()) as { id: string; municipalReference: string };
          // Stored NFC, trimmed, inner whitespace collapsed.
          expect(created.municipalReference).toBe(uniqueSent.normalize('NFC').trim().replace(/[\s]+/gu, ' '));
          const duplicate = await create(`${again.trimEnd()} ${unique.slice(-6)}`);
          expect((await expectProblem(duplicate, 409, '/problems/duplicate-reference')).existingCaseId).toBe(created.id);
          expect((await listed(`${again.trimEnd()} ${unique.slice(-6)}`)).map((item) => item.id)).toEqual([created.id]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses a file number outside DIN 91379 data type B at municipalReference', async () => {
    const problem = await expectProblem(await create('ABH\u200B2026'), 422, '/problems/validation');
    expect(errorPaths(problem)).toEqual(['municipalReference']);
  });
});
