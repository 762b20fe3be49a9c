import type { z } from 'zod';
import { type Participant, ParticipantRegistrySchema, type Role } from '../../schemas/participant.ts';
import { isCentre } from './centres.ts';
import type { RoutingTable } from './routing/routing-table.ts';

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

/** Checks that each participant's organisation fits its role: a known AGS, a centre, or `lab-ni`. */
function organisationProblems(participants: Participant[], routing: RoutingTable): string[] {
  const authorities = new Set(routing.entries.map((e) => e.ags));
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const p of participants) {
    if (seen.has(p.clientId)) problems.push(`${p.clientId}: registered twice`);
    seen.add(p.clientId);
    if (p.role === 'municipality' && !authorities.has(p.organisation)) {
      problems.push(`${p.clientId}: organisation ${p.organisation} is not an authority of routing table ${routing.version}`);
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
  static parse(input: unknown, routing: RoutingTable): ParticipantRegistry {
    const result = ParticipantRegistrySchema.safeParse(input);
    if (!result.success) {
      throw new RegistryError(result.error.issues.map((i: z.core.$ZodIssue) => `${i.path.join('.')}: ${i.message}`));
    }
    const problems = organisationProblems(result.data.participants, routing);
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
