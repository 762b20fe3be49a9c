import { describe, expect, it } from 'vitest';
import { permissions } from '../../functions/core/permissions.ts';
import { ROUTE_GROUPS, routeGroupOf, routesOf } from '../../functions/core/route-groups.ts';

const groupOf = (method: string, path: string) => {
  const permission = permissions.find((p) => p.method === method && p.path === path);
  if (!permission) throw new Error(`no route ${method} ${path}`);
  return routeGroupOf(permission);
};

describe('route groups, derived from the permission table', () => {
  it('puts every route in exactly one group, and none in operations', () => {
    const grouped = ROUTE_GROUPS.flatMap((group) => routesOf(group));
    expect(grouped).toHaveLength(permissions.length);
    expect(new Set(grouped)).toEqual(new Set(permissions));
    expect(routesOf('operations')).toEqual([]);
  });

  it('keeps a path two audiences share in the requests group, which checks the role', () => {
    expect(groupOf('GET', '/v1/cases/{id}')).toBe('requests');
    expect(groupOf('GET', '/v1/consultations')).toBe('requests');
    expect(groupOf('GET', '/v1/routing-table')).toBe('requests');
    expect(groupOf('POST', '/v1/cases')).toBe('requests');
    expect(groupOf('GET', '/v1/events')).toBe('requests');
  });

  it('gives what only centres call to centre-work, and what only administrators call to admin', () => {
    expect(groupOf('POST', '/v1/centres/{centre}/work/lease')).toBe('centre-work');
    expect(groupOf('POST', '/v1/cases/{id}/status')).toBe('centre-work');
    expect(groupOf('POST', '/v1/consultations/{id}/transfer')).toBe('centre-work');
    expect(groupOf('POST', '/v1/admin/redrive')).toBe('admin');
    expect(groupOf('GET', '/v1/audit/verify')).toBe('admin');
  });
});
