import type { Centre } from '../centres.ts';
import { AppError } from '../errors.ts';
import type { RoutingDecision } from '../requests/request.ts';
import { findAuthority, type RoutingTable } from './routing-table.ts';

/**
 * Picks the one centre a request goes to (CONTRACT.md "Routing"): a consultation's `preferredCentre`
 * if given (`preferred-centre`), else the submitting authority's entry in the table in force
 * (`authority-default`, or `authority-override` where the deployment reassigns it). Pure; the
 * decision, with the table's `policyVersion`, is stored with the request.
 *
 * @throws AppError `unknown-authority` (422) when the authority has no entry in the table, also with a
 *   `preferredCentre`: a request is never sent somewhere by default.
 */
export function routeRequest(
  request: { municipality: string; preferredCentre?: Centre | undefined },
  table: RoutingTable,
): RoutingDecision {
  const entry = findAuthority(table, request.municipality);
  if (!entry) {
    throw new AppError(
      'unknown-authority',
      `Authority ${request.municipality} has no entry in routing table ${table.policyVersion}; LAB NI has to add it before it can submit`,
      { extensions: { municipality: request.municipality, policyVersion: table.policyVersion } },
    );
  }
  if (request.preferredCentre) {
    return { centre: request.preferredCentre, rule: 'preferred-centre', policyVersion: table.policyVersion };
  }
  return { centre: entry.centre, rule: entry.rule, policyVersion: table.policyVersion };
}
