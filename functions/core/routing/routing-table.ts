import type { RoutingEntry } from '../../../schemas/routing-table.ts';

export type { RoutingEntry };

/**
 * The routing table in force: every foreigners' authority of Lower Saxony with the centre its requests
 * go to, after a deployment's overrides. Built once at start by `parseRoutingTable` from
 * `data/routing/`; the `policyVersion` is stored with every routing decision, so a changed table never
 * rewrites history.
 */
export interface RoutingTable {
  /** `<table version>` or, with a deployment's overrides, `<table version>+<overrides version>`. */
  policyVersion: string;
  /** In the order of the authorities file; AGS are unique. */
  entries: readonly RoutingEntry[];
}

/** The entry of an authority, by its exact AGS (5 or 8 digits); `undefined` when it has none. */
export function findAuthority(table: RoutingTable, ags: string): RoutingEntry | undefined {
  return table.entries.find((entry) => entry.ags === ags);
}
