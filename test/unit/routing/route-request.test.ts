import { describe, expect, it } from 'vitest';
import { AppError } from '../../../functions/core/errors.ts';
import { routeRequest } from '../../../functions/core/routing/route-request.ts';
import { loadRoutingTable } from '../../../functions/entry/routing-table-files.ts';
import { problemCatalogue } from '../../../schemas/problem.ts';

const table = loadRoutingTable();

describe('routeRequest', () => {
  it.each([
    ['03101', 'Stadt Braunschweig', 'braunschweig'],
    ['03241', 'Region Hannover', 'braunschweig'],
    ['03404', 'Stadt Osnabrück', 'osnabrueck'],
    ['03459', 'Landkreis Osnabrück', 'osnabrueck'],
    ['03403', 'Stadt Oldenburg', 'osnabrueck'],
  ] as const)('sends %s (%s) to %s, the anchor point of the contract', (municipality, _name, centre) => {
    expect(routeRequest({ municipality }, table)).toEqual({ centre, rule: 'authority-default', policyVersion: table.policyVersion });
  });

  it('routes a town with its own authority by its own 8-digit entry', () => {
    expect(routeRequest({ municipality: '03241001' }, table)).toMatchObject({ centre: 'braunschweig', rule: 'authority-default' });
  });

  it('lets a consultation request’s preferredCentre override the table', () => {
    expect(routeRequest({ municipality: '03101', preferredCentre: 'osnabrueck' }, table)).toEqual({
      centre: 'osnabrueck',
      rule: 'preferred-centre',
      policyVersion: table.policyVersion,
    });
  });

  it('names a deployment override as the rule, with the version of the table and the overrides', () => {
    const overridden = loadRoutingTable({
      overridesFile: new URL('../../../data/routing/overrides.example.json', import.meta.url).pathname,
    });
    expect(routeRequest({ municipality: '03251' }, overridden)).toEqual({
      centre: 'osnabrueck',
      rule: 'authority-override',
      policyVersion: `${table.policyVersion}+example-1`,
    });
    expect(routeRequest({ municipality: '03251', preferredCentre: 'braunschweig' }, overridden)).toMatchObject({
      centre: 'braunschweig',
      rule: 'preferred-centre',
    });
  });

  it('refuses an authority that is not in the table with a 422 unknown-authority, also with a preferredCentre', () => {
    // 03101999 is not an authority, though 03101 is: no fallback to the district, never a default centre.
    for (const request of [
      { municipality: '09162' },
      { municipality: '03101999' },
      { municipality: '09162', preferredCentre: 'braunschweig' as const },
    ]) {
      let thrown: unknown;
      try {
        routeRequest(request, table);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect(thrown).toMatchObject({ kind: 'unknown-authority', extensions: { municipality: request.municipality } });
    }
    expect(problemCatalogue['unknown-authority'].status).toBe(422);
  });
});
