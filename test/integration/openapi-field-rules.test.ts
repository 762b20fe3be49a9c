import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/runtime.ts';

interface Field {
  description?: string;
  pattern?: string;
  format?: string;
  items?: Field;
  properties?: Record<string, Field>;
}
interface OpenApi {
  info: { description: string };
  components: { schemas: Record<string, Field> };
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

describe('the OpenAPI document states the data rules per field', () => {
  let t: TestApp;
  let document: OpenApi;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await (await t.app.request('/openapi.json')).json()) as OpenApi;
  });
  afterAll(() => t.close());

  const field = (schema: string, ...path: string[]): Field =>
    path.reduce<Field>((at, name) => at.properties?.[name] ?? {}, document.components.schemas[schema] ?? {});
  const caseField = (...path: string[]) => field('CaseSubmission', ...path);

  it('names the DIN 91379 data type of every name, short string and free text field, with its German term', () => {
    for (const name of ['familyName', 'givenNames', 'birthName'])
      expect(field('Person', name).description).toMatch(/DIN 91379 data type A/);
    expect(field('Person', 'familyName').description).toMatch(/^Familienname/);
    expect(field('Person', 'familyName').description).toMatch(/at least one letter/);
    expect(field('Person', 'placeOfBirth').description).toMatch(/^Geburtsort.*DIN 91379 data type B/);
    expect(field('Contact', 'name').description).toMatch(/DIN 91379 data type B/);
    expect(caseField('notes').description).toMatch(/DIN 91379 data type C/);
    expect(field('Withdrawal', 'reason').description).toMatch(/DIN 91379 data type C/);
  });

  it('states the partly known date of birth, canonical languages, internationalised e-mail and file-number comparison', () => {
    expect(field('Person', 'dateOfBirth')).toMatchObject({
      pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
      description: expect.stringMatching(/teilbekanntes Datum/),
    });
    expect(field('Person', 'languages').description).toMatch(/canonical form/);
    expect(field('Contact', 'email')).toMatchObject({ format: 'idn-email', description: expect.stringMatching(/RFC 6531/) });
    expect(caseField('municipalReference').description).toMatch(/case folding/);
    expect(field('Residence', 'borderCrossingCertificate', 'departureBy').description).toMatch(/not before issuedOn/);
  });

  it('lists 400, 413, 415 and 431 for the writing operations and explains the JSON and HTTP rules', () => {
    for (const path of ['/v1/cases', '/v1/cases/{id}/withdraw', '/v1/consultations']) {
      expect(Object.keys(document.paths[path]?.post?.responses ?? {})).toEqual(expect.arrayContaining(['400', '413', '415', '431']));
    }
    expect(document.info.description).toMatch(/I-JSON \(RFC 7493\)/);
    expect(document.info.description).toMatch(/405 with `Allow`/);
  });
});
