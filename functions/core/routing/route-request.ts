import type { Centre } from '../centres.ts';
import { AppError } from '../errors.ts';
import type { RoutingDecision } from '../requests/request.ts';
import type { RoutingTable } from './routing-table.ts';

/**
 * Picks the one centre a request goes to: a consultation's preferred centre if given, else the
 * submitting authority's entry in the routing table. Pure; the decision is stored with the request.
 */
export function routeRequest(
  request: { municipality: string; preferredCentre?: Centre | undefined },
  table: RoutingTable,
): RoutingDecision {
  if (request.preferredCentre) {
    return { centre: request.preferredCentre, rule: 'preferred-centre', policyVersion: table.version };
  }
  const entry = table.entries.find((e) => e.ags === request.municipality);
  if (!entry) {
    // The registry is validated against the table at start, so this is a configuration fault, not the client's.
    throw new AppError('internal', 'The authority has no entry in the routing table');
  }
  return { centre: entry.centre, rule: 'authority-default', policyVersion: table.version };
}
