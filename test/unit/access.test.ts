import { describe, expect, it } from 'vitest';
import { AccessDenied, authorise, canSee } from '../../functions/core/access.ts';
import { ForbiddenError, NotFoundError } from '../../functions/core/errors.ts';
import type { Principal } from '../../functions/core/participants.ts';
import { type Permission, permissions, roleScopes } from '../../functions/core/permissions.ts';

const braunschweigAbh: Principal = { clientId: 'abh-03101', role: 'municipality', organisation: '03101' };
const osnabrueckAbh: Principal = { clientId: 'abh-03404', role: 'municipality', organisation: '03404' };
const centreBs: Principal = { clientId: 'centre-braunschweig', role: 'centre', organisation: 'braunschweig' };
const centreOs: Principal = { clientId: 'centre-osnabrueck', role: 'centre', organisation: 'osnabrueck' };
const admin: Principal = { clientId: 'admin', role: 'admin', organisation: 'lab-ni' };

function row(operation: string): Permission {
  const permission = permissions.find((p) => p.operation === operation);
  if (!permission) throw new Error(`no permission ${operation}`);
  return permission;
}

/** What authorise throws, or `undefined` when it lets the call through. */
function outcome(principal: Principal, operation: string, params: Record<string, string>, scopes: string[]) {
  try {
    authorise(principal, row(operation), params, scopes);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('authorise', () => {
  it('lets an allowed role with its scope through', () => {
    expect(outcome(braunschweigAbh, 'cases.create', {}, [roleScopes.municipality])).toBeUndefined();
    expect(outcome(centreBs, 'cases.read', { id: 'x' }, [roleScopes.centre, 'openid'])).toBeUndefined();
    expect(outcome(admin, 'audit.list', {}, [roleScopes.admin])).toBeUndefined();
  });

  it('refuses a role that may never call the operation with 403 role_not_allowed', () => {
    const error = outcome(admin, 'cases.read', { id: 'x' }, [roleScopes.admin]);
    expect(error).toBeInstanceOf(AccessDenied);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ kind: 'forbidden', reason: 'role_not_allowed' });
    expect(outcome(braunschweigAbh, 'audit.list', {}, [roleScopes.municipality])).toMatchObject({ reason: 'role_not_allowed' });
    expect(outcome(centreBs, 'cases.create', {}, [roleScopes.centre])).toMatchObject({ reason: 'role_not_allowed' });
  });

  it('refuses a token without the scope of the caller’s role with 403 insufficient_scope', () => {
    expect(outcome(braunschweigAbh, 'cases.create', {}, [])).toMatchObject({ kind: 'forbidden', reason: 'insufficient_scope' });
    expect(outcome(braunschweigAbh, 'cases.create', {}, [roleScopes.admin, roleScopes.centre])).toMatchObject({
      reason: 'insufficient_scope',
    });
  });

  it('checks the role before the scope, so a foreign role learns nothing about scopes', () => {
    expect(outcome(admin, 'cases.create', {}, [])).toMatchObject({ reason: 'role_not_allowed' });
  });

  it('answers 404 to a centre on the other centre’s work queue', () => {
    const error = outcome(centreBs, 'work.lease', { centre: 'osnabrueck' }, [roleScopes.centre]);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).not.toBeInstanceOf(ForbiddenError);
    expect(outcome(centreBs, 'work.ack', { centre: 'braunschweig' }, [roleScopes.centre])).toBeUndefined();
  });

  it('answers 403, not 404, to a role that may never work a queue, whichever centre it names', () => {
    expect(outcome(braunschweigAbh, 'work.lease', { centre: 'osnabrueck' }, [roleScopes.municipality])).toMatchObject({
      reason: 'role_not_allowed',
    });
    expect(outcome(admin, 'work.lease', { centre: 'lab-ni' }, [roleScopes.admin])).toMatchObject({ reason: 'role_not_allowed' });
  });

  it('does not check tenancy on routes without a tenant parameter (the handler does, with canSee)', () => {
    expect(outcome(centreOs, 'cases.status', { id: 'anything' }, [roleScopes.centre])).toBeUndefined();
  });
});

describe('canSee', () => {
  const resource = { municipality: '03101', centre: 'braunschweig' };

  it('shows a resource to the owning municipality only', () => {
    expect(canSee(braunschweigAbh, resource)).toBe(true);
    expect(canSee(osnabrueckAbh, resource)).toBe(false);
  });

  it('shows a resource to the assigned centre only', () => {
    expect(canSee(centreBs, resource)).toBe(true);
    expect(canSee(centreOs, resource)).toBe(false);
  });

  it('never shows a resource to an administrator', () => {
    expect(canSee(admin, resource)).toBe(false);
    expect(canSee(admin, { municipality: 'lab-ni', centre: 'lab-ni' })).toBe(false);
  });

  it('does not confuse a municipality with a centre that has the same organisation string', () => {
    expect(canSee(braunschweigAbh, { municipality: '03404', centre: '03101' })).toBe(false);
    expect(canSee(centreBs, { municipality: 'braunschweig', centre: 'osnabrueck' })).toBe(false);
  });
});
