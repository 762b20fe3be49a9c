import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postChange } from '../../support/lifecycle.ts';
import { created, type Json, minimalCase, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** Free text that names the person, as a caseworker may well write it. */
const REASON = 'Frau Amal Beispiel (geb. 12.04.1990) hat eine Aufenthaltserlaubnis';

describe('the reason of a withdrawal is personal data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const itemsOf = async (id: string) => (await scanTable(t, 'data')).filter((i) => i.pk === `REQ#${id}`);

  it('is kept with the personal data, not in the skeleton, and shown while the personal data is kept', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const answer = (await (await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', { reason: REASON })).json()) as Json;
    expect(answer.withdrawal).toMatchObject({ reason: REASON, consentRevoked: false });
    const items = await itemsOf(resource.id);
    expect(JSON.stringify(items.filter((i) => i.sk !== 'PERSONAL'))).not.toContain('Beispiel');
    expect(items.find((i) => i.sk === 'PERSONAL')?.withdrawalReason).toBe(REASON);
    const read = (await (await t.call('centre-braunschweig', `/v1/cases/${resource.id}`)).json()) as Json;
    expect(read.withdrawal).toMatchObject({ reason: REASON });
  });

  it('is not stored at all when consent is revoked, and never answered after the erasure', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const response = await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', { reason: REASON, consentRevoked: true });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Json;
    expect(answer).toMatchObject({ personalData: 'erased', withdrawal: { consentRevoked: true } });
    expect(JSON.stringify(answer)).not.toContain('Beispiel');
    expect(JSON.stringify(await itemsOf(resource.id))).not.toContain('Beispiel');
    expect(await (await t.call('abh-03101', `/v1/cases/${resource.id}`)).text()).not.toContain('Beispiel');
  });
});
