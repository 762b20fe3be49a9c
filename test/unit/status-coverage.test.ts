import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRecordFolder, DOCUMENT_FILE, mergeRecords, templateOf, undocumented } from '../support/status-coverage.ts';

const document = {
  paths: {
    '/v1/cases': { post: { responses: { '201': {}, '422': {} } }, get: { responses: { '200': {} } } },
    '/v1/cases/{id}': { get: { responses: { '200': {}, '404': {} } } },
    '/v1/audit/verify': { get: { responses: { '200': {} } } },
    '/v1/audit/{id}': { get: { responses: { '200': {} } } },
  },
};

describe('the check that every answered status is documented', () => {
  it('maps a concrete path to its template, preferring literal segments', () => {
    expect(templateOf(document, '/v1/cases/c-123')).toBe('/v1/cases/{id}');
    expect(templateOf(document, '/v1/audit/verify')).toBe('/v1/audit/verify');
    expect(templateOf(document, '/v1/nothing/here/at/all')).toBeNull();
  });

  it('finds a status an operation answers but does not list', () => {
    const records = [
      { method: 'POST', template: '/v1/cases', status: 201, count: 3 },
      { method: 'POST', template: '/v1/cases', status: 413, count: 1 },
    ];
    expect(undocumented(document, records)).toEqual([records[1]]);
  });

  it('finds a success or a 5xx on a method and path that is no documented operation, but not an edge refusal there', () => {
    const records = [
      { method: 'DELETE', template: '/v1/cases', status: 204, count: 1 },
      { method: 'DELETE', template: '/v1/cases', status: 405, count: 1 },
      { method: 'PUT', template: '/v1/cases', status: 431, count: 1 },
      { method: 'GET', template: null, status: 404, count: 1 },
      { method: 'POST', template: null, status: 503, count: 1 },
    ];
    expect(undocumented(document, records)).toEqual([records[0], records[4]]);
  });

  it('reads a HEAD answer against the GET operation of its path', () => {
    const records = [
      { method: 'HEAD', template: '/v1/cases/{id}', status: 200, count: 1 },
      { method: 'HEAD', template: '/v1/cases/{id}', status: 422, count: 1 },
    ];
    expect(undocumented(document, records)).toEqual([records[1]]);
  });

  it('adds up the records of many workers', () => {
    const a = { method: 'GET', template: '/v1/cases', status: 200, count: 2 };
    expect(mergeRecords([a, { ...a, count: 5 }])).toEqual([{ ...a, count: 7 }]);
  });

  describe('over a record folder', () => {
    let dir: string;
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('fails the run naming the undocumented answer, and passes when all are listed', () => {
      dir = mkdtempSync(join(tmpdir(), 'status-records-'));
      writeFileSync(join(dir, DOCUMENT_FILE), JSON.stringify(document));
      writeFileSync(join(dir, 'calls-1-a.json'), JSON.stringify([{ method: 'GET', template: '/v1/cases/{id}', status: 200, count: 4 }]));
      expect(checkRecordFolder(dir)).toEqual({ calls: 4, answers: 1 });
      writeFileSync(join(dir, 'calls-2-b.json'), JSON.stringify([{ method: 'GET', template: '/v1/cases/{id}', status: 422, count: 1 }]));
      expect(() => checkRecordFolder(dir)).toThrow('GET /v1/cases/{id} 422 (1 calls)');
    });
  });
});
