import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, postChange } from '../../support/lifecycle.ts';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

interface Operation {
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean }[];
  responses: Record<string, unknown>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: Record<string, unknown>; properties?: Record<string, { enum?: string[] }> }> };
}

const CHANGE_STATUSES = ['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503', '431'].sort();

describe('OpenAPI document: lifecycle and feed routes', () => {
  let t: TestApp;
  let document: Document;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await (await t.app.request('/openapi.json')).json()) as Document;
  });
  afterAll(() => t.close());

  it.each(['cases', 'consultations'].flatMap((resource) => ['withdraw', 'status', 'transfer'].map((action) => ({ resource, action }))))(
    'documents POST /v1/$resource/{id}/$action with every status it answers and an optional Idempotency-Key',
    ({ resource, action }) => {
      const operation = document.paths[`/v1/${resource}/{id}/${action}`]?.post;
      expect(operation).toBeDefined();
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(CHANGE_STATUSES);
      expect(operation?.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'idempotency-key', required: false }));
      const scope = action === 'withdraw' ? 'rueckkehr/municipality' : 'rueckkehr/centre';
      expect(operation?.security).toEqual([{ clientCredentials: [scope] }]);
    },
  );

  it('documents GET /v1/events for municipalities, with its page, cursor and limit', () => {
    const operation = document.paths['/v1/events']?.get;
    expect(operation?.tags).toEqual(['Events']);
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '409', '422', '429', '431', '503']);
    expect(operation?.parameters?.map((p) => p.name).sort()).toEqual(['cursor', 'limit']);
    expect(operation?.security).toEqual([{ clientCredentials: ['rueckkehr/municipality'] }]);
    expect(document.components.schemas.FeedEvent?.properties?.type?.enum).toEqual([
      'case.status_changed',
      'case.transferred',
      'case.withdrawn',
      'consultation.status_changed',
      'consultation.transferred',
      'consultation.withdrawn',
    ]);
  });

  it('documents status reports and transfers with examples the API itself accepts', async () => {
    const { StatusChange, Transfer, FeedEvent } = document.components.schemas;
    expect(FeedEvent?.example).toBeDefined();
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await deliver(t, resource.id);
    expect((await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', StatusChange?.example)).status).toBe(200);
    expect((await postChange(t, 'centre-braunschweig', 'case', resource.id, 'transfer', Transfer?.example)).status).toBe(200);
  });
});
