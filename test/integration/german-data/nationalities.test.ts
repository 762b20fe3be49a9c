import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorPaths, expectProblem } from '../../support/problems.ts';
import { minimalCase, minimalConsultation, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('nationalities and return targets over HTTP: states, not territories', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const caseWith = (nationalities: string[], targetCountry?: string) =>
    submit(t, 'abh-03101', '/v1/cases', minimalCase({ person: { nationalities }, ...(targetCountry ? { targetCountry } : {}) }));

  it.each(['DEU', 'XKX', 'XXC', 'TWN', 'PSE'])('accepts a case of a person with nationality %s', async (code) => {
    const response = await caseWith([code]);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { person: { nationalities: string[] } }).person.nationalities).toEqual([code]);
  });

  it.each(['ABW', 'PRI', 'GUM', 'ATA', 'HKG'])('answers 422 at person.nationalities.1 for the territory %s', async (code) => {
    const problem = await expectProblem(await caseWith(['SYR', code]), 422, '/problems/validation');
    expect(errorPaths(problem)).toEqual(['person.nationalities.1']);
  });

  it('answers 422 for a consultation request of a person of Aruba (ABW): the nationality is NLD', async () => {
    const refused = await submit(t, 'abh-03101', '/v1/consultations', minimalConsultation({ person: { nationalities: ['ABW'] } }));
    expect(errorPaths(await expectProblem(refused, 422, '/problems/validation'))).toEqual(['person.nationalities.0']);
    const accepted = await submit(t, 'abh-03101', '/v1/consultations', minimalConsultation({ person: { nationalities: ['NLD'] } }));
    expect(accepted.status).toBe(201);
  });

  it('takes a state as targetCountry and refuses a territory (HKG: the return goes to CHN)', async () => {
    expect((await caseWith(['SYR'], 'CHN')).status).toBe(201);
    const refused = await caseWith(['SYR'], 'HKG');
    expect(errorPaths(await expectProblem(refused, 422, '/problems/validation'))).toEqual(['targetCountry']);
  });
});
