import type { z } from 'zod';
import { AgsSchema } from '../../schemas/common.ts';
import { type Participant, ParticipantRegistrySchema, type Role } from '../../schemas/participant.ts';
import { isCentre } from './centres.ts';
import { findAuthority, type RoutingTable } from './routing/routing-table.ts';

/** The caller of a request, as the registry knows it. Handlers decide on this, never on token claims. */
export interface Principal {
  clientId: string;
  role: Role;
  organisation: string;
}

/** Thrown at start when the registry file is not usable; names every problem. */
export class RegistryError extends Error {
  constructor(problems: string[]) {
    super(`Invalid participants registry: ${problems.join('; ')}`);
    this.name = 'RegistryError';
  }
}

/**
 * Checks that each participant's organisation fits its role: an AGS, a centre, or `lab-ni`. Whether the
 * AGS is in the routing table is not a registry problem: such a client gets 422 unknown-authority at
 * intake (CONTRACT.md), so a table update never locks every other client out at start.
 */
function organisationProblems(participants: Participant[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const p of participants) {
    if (seen.has(p.clientId)) problems.push(`${p.clientId}: registered twice`);
    seen.add(p.clientId);
    if (p.role === 'municipality' && !AgsSchema.safeParse(p.organisation).success) {
      problems.push(`${p.clientId}: organisation must be an AGS (5 or 8 digits)`);
    }
    if (p.role === 'centre' && !isCentre(p.organisation)) problems.push(`${p.clientId}: organisation must be a centre`);
    if (p.role === 'admin' && p.organisation !== 'lab-ni') problems.push(`${p.clientId}: administrators belong to lab-ni`);
  }
  return problems;
}

/** Every registered client, looked up by client id. Built once at start from a validated file. */
export class ParticipantRegistry {
  readonly version: string;
  readonly #byClientId: Map<string, Participant>;

  private constructor(version: string, participants: Participant[]) {
    this.version = version;
    this.#byClientId = new Map(participants.map((p) => [p.clientId, p]));
  }

  /** Validates a registry file (shape and organisations) and fails with every problem at once. */
  static parse(input: unknown): ParticipantRegistry {
    const result = ParticipantRegistrySchema.safeParse(input);
    if (!result.success) {
      throw new RegistryError(result.error.issues.map((i: z.core.$ZodIssue) => `${i.path.join('.')}: ${i.message}`));
    }
    const problems = organisationProblems(result.data.participants);
    if (problems.length > 0) throw new RegistryError(problems);
    return new ParticipantRegistry(result.data.version, result.data.participants);
  }

  /** The enabled participant with this client id; unknown and disabled clients are both `undefined`. */
  principal(clientId: string): Principal | undefined {
    const p = this.#byClientId.get(clientId);
    return p?.enabled ? { clientId: p.clientId, role: p.role, organisation: p.organisation } : undefined;
  }

  all(): Participant[] {
    return [...this.#byClientId.values()];
  }
}

/**
 * The enabled municipality clients whose AGS has no entry in the routing table: they get 422
 * unknown-authority at intake. Reported as a warning at start and at synth, so that an operator sees a
 * stale registry entry (or a missing table entry) before the authority does.
 */
export function unroutableMunicipalities(registry: ParticipantRegistry, table: RoutingTable): Participant[] {
  return registry.all().filter((p) => p.enabled && p.role === 'municipality' && !findAuthority(table, p.organisation));
}
