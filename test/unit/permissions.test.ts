import { describe, expect, it } from 'vitest';
import { matchPermission, permissions, roleScopes } from '../../functions/core/permissions.ts';
import type { Role } from '../../schemas/participant.ts';

/** Every route of the public contract (CONTRACT.md) and who may call it, written down independently of the table. */
const contract: { route: string; roles: Role[] }[] = [
  { route: 'POST /v1/cases', roles: ['municipality'] },
  { route: 'GET /v1/cases', roles: ['municipality', 'centre'] },
  { route: 'GET /v1/cases/{id}', roles: ['municipality', 'centre'] },
  { route: 'POST /v1/cases/{id}/withdraw', roles: ['municipality'] },
  { route: 'POST /v1/cases/{id}/status', roles: ['centre'] },
  { route: 'POST /v1/cases/{id}/transfer', roles: ['centre'] },
  { route: 'POST /v1/consultations', roles: ['municipality'] },
  { route: 'GET /v1/consultations', roles: ['municipality', 'centre'] },
  { route: 'GET /v1/consultations/{id}', roles: ['municipality', 'centre'] },
  { route: 'POST /v1/consultations/{id}/withdraw', roles: ['municipality'] },
  { route: 'POST /v1/consultations/{id}/status', roles: ['centre'] },
  { route: 'POST /v1/consultations/{id}/transfer', roles: ['centre'] },
  { route: 'GET /v1/events', roles: ['municipality'] },
  { route: 'GET /v1/routing-table', roles: ['municipality', 'centre', 'admin'] },
  { route: 'POST /v1/centres/{centre}/work/lease', roles: ['centre'] },
  { route: 'POST /v1/centres/{centre}/work/ack', roles: ['centre'] },
  { route: 'POST /v1/centres/{centre}/work/release', roles: ['centre'] },
  { route: 'POST /v1/centres/{centre}/work/extend', roles: ['centre'] },
  { route: 'GET /v1/audit', roles: ['admin'] },
  { route: 'GET /v1/audit/verify', roles: ['admin'] },
  { route: 'GET /v1/audit/export', roles: ['admin'] },
  { route: 'GET /v1/admin/status', roles: ['admin'] },
  { route: 'POST /v1/admin/redrive', roles: ['admin'] },
];

const sample = { id: 'c-01JF8Z', centre: 'osnabrueck' };

describe('the permission table', () => {
  it('has one row per contract route, with the contract’s roles', () => {
    const table = permissions.map((p) => ({ route: `${p.method} ${p.path}`, roles: [...p.roles].sort() }));
    expect(table).toHaveLength(contract.length);
    expect(table).toEqual(expect.arrayContaining(contract.map((c) => ({ route: c.route, roles: [...c.roles].sort() }))));
  });

  it('names each operation once', () => {
    expect(new Set(permissions.map((p) => p.operation)).size).toBe(permissions.length);
  });

  it('never lets the admin read one case or consultation request', () => {
    for (const operation of ['cases.read', 'consultations.read']) {
      expect(permissions.find((p) => p.operation === operation)?.roles).not.toContain('admin');
    }
  });

  it('binds the centre work routes, and only those, to their tenant', () => {
    expect(permissions.filter((p) => p.tenantParam).map((p) => p.path)).toEqual(
      permissions.filter((p) => p.path.startsWith('/v1/centres/')).map((p) => p.path),
    );
  });

  it('gives each role its own scope', () => {
    expect(new Set(Object.values(roleScopes)).size).toBe(3);
  });
});

describe('matchPermission', () => {
  it.each(contract)('matches $route with its parameters', ({ route }) => {
    const [method = '', template = ''] = route.split(' ');
    const path = template.replace('{id}', sample.id).replace('{centre}', sample.centre);
    const matched = matchPermission(method, path);
    expect(matched?.permission.path).toBe(template);
    expect(matched?.permission.method).toBe(method);
    const expectedParams = Object.fromEntries(Object.entries(sample).filter(([name]) => template.includes(`{${name}}`)));
    expect(matched?.params).toEqual(expectedParams);
  });

  it('accepts a trailing slash', () => {
    expect(matchPermission('GET', '/v1/cases/')?.permission.operation).toBe('cases.list');
    expect(matchPermission('GET', `/v1/cases/${sample.id}/`)?.permission.operation).toBe('cases.read');
  });

  it('decodes percent-encoded parameters', () => {
    expect(matchPermission('GET', '/v1/cases/a%20b')?.params).toEqual({ id: 'a b' });
  });

  it('returns undefined, instead of throwing, for a parameter with broken percent-encoding', () => {
    expect(() => matchPermission('GET', '/v1/cases/%E0%A4%A')).not.toThrow();
    expect(matchPermission('GET', '/v1/cases/%E0%A4%A')).toBeUndefined();
  });

  it('does not let a parameter span path segments', () => {
    expect(matchPermission('GET', '/v1/cases/a/b')).toBeUndefined();
    expect(matchPermission('POST', '/v1/centres/a/b/work/lease')).toBeUndefined();
  });

  it.each([
    ['DELETE', '/v1/cases'],
    ['PUT', `/v1/cases/${sample.id}`],
    ['GET', `/v1/cases/${sample.id}/withdraw`],
    ['POST', '/v1/events'],
    ['GET', '/v1/centres/braunschweig/work/lease'],
    ['POST', '/v1/centres/braunschweig/work/steal'],
    ['GET', '/v1/casesx'],
    ['GET', '/v1/cases//'],
    ['GET', '/V1/cases'],
    ['GET', '/v2/cases'],
    ['GET', '/v1'],
    ['GET', '/v1/audit/verify/more'],
    ['GET', '/health'],
    ['POST', '/oauth/token'],
  ])('returns undefined for %s %s', (method, path) => {
    expect(matchPermission(method, path)).toBeUndefined();
  });
});
