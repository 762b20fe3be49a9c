import { ForbiddenError, NotFoundError } from './errors.ts';
import type { Principal } from './participants.ts';
import type { Permission } from './permissions.ts';
import { roleScopes } from './permissions.ts';

/** Why a call was refused; written to the exchange log, never shown in detail to the caller. */
export type DenialReason =
  | 'missing_token'
  | 'invalid_token'
  | 'unregistered_client'
  | 'role_not_allowed'
  | 'insufficient_scope'
  | 'other_tenant';

export class AccessDenied extends ForbiddenError {
  readonly reason: DenialReason;
  constructor(reason: DenialReason, detail?: string) {
    super(detail);
    this.name = 'AccessDenied';
    this.reason = reason;
  }
}

/**
 * The role check, before any lookup: a role that may never call the operation is 403, and so is a token
 * without the scope of the caller's role. A route owned by another tenant (a centre's work queue) is 404.
 */
export function authorise(principal: Principal, permission: Permission, params: Record<string, string>, scopes: readonly string[]): void {
  if (!permission.roles.includes(principal.role)) {
    throw new AccessDenied('role_not_allowed', `The ${principal.role} role may not call ${permission.operation}`);
  }
  if (!scopes.includes(roleScopes[principal.role])) {
    throw new AccessDenied('insufficient_scope', `The token lacks the scope ${roleScopes[principal.role]}`);
  }
  if (permission.tenantParam && params[permission.tenantParam] !== principal.organisation) {
    throw new NotFoundError();
  }
}

/** The two parties of a request: the municipality that owns it and the centre it is assigned to. */
export interface Tenancy {
  municipality: string;
  centre: string;
}

/**
 * Whether the caller may see a resource: the owning municipality or the assigned centre. Everyone
 * else, administrators included, learns nothing (the caller answers 404).
 */
export function canSee(principal: Principal, resource: Tenancy): boolean {
  if (principal.role === 'municipality') return resource.municipality === principal.organisation;
  if (principal.role === 'centre') return resource.centre === principal.organisation;
  return false;
}
