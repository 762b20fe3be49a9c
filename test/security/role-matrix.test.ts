import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permission, permissions, roleScopes } from '../../functions/core/permissions.ts';
import { ROLES, type Role } from '../../schemas/participant.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { claimsFor, exchangeLogEntriesOf, signToken } from '../support/tokens.ts';

/** One demo client per role. */
const clients = { municipality: 'abh-03101', centre: 'centre-braunschweig', admin: 'admin' } as const satisfies Record<Role, string>;
const organisations = { municipality: '03101', centre: 'braunschweig', admin: 'lab-ni' } as const satisfies Record<Role, string>;
const ID = 'rx-4711';

/** The concrete path a client of the role calls: its own centre for centres, `braunschweig` for everyone else. */
function pathFor(permission: Permission, role: Role): string {
  return permission.path.replace('{id}', ID).replace('{centre}', role === 'centre' ? organisations.centre : 'braunschweig');
}

interface Call {
  method: Permission['method'];
  path: string;
  operation: string;
  role: Role;
  permission: Permission;
}

const refusedCalls: Call[] = permissions.flatMap((permission) =>
  ROLES.filter((role) => !permission.roles.includes(role)).map((role) => ({ ...permission, role, permission })),
);
const allowedCalls: Call[] = permissions.flatMap((permission) => permission.roles.map((role) => ({ ...permission, role, permission })));

describe('role matrix: every operation of the permission table against every role', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  async function send(permission: Permission, role: Role, token?: string) {
    const requestId = randomUUID();
    const headers = new Headers({ 'X-Request-Id': requestId, Authorization: `Bearer ${token ?? (await testApp.token(clients[role]))}` });
    const init: RequestInit = { method: permission.method, headers };
    if (permission.method === 'POST') {
      headers.set('Content-Type', 'application/json');
      init.body = '{}';
    }
    return { response: await testApp.app.request(pathFor(permission, role), init), requestId };
  }

  it('covers every role on both sides of the table', () => {
    expect(new Set(refusedCalls.map((c) => c.role))).toEqual(new Set(ROLES));
    expect(new Set(allowedCalls.map((c) => c.role))).toEqual(new Set(ROLES));
  });

  it.each(refusedCalls)('refuses $method $path to the $role role with 403 and logs the actor', async ({ permission, role }) => {
    const { response, requestId } = await send(permission, role);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: '/problems/forbidden', status: 403, requestId });
    const entries = await exchangeLogEntriesOf(testApp.runtime, requestId);
    expect(entries).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        reason: 'role_not_allowed',
        action: permission.operation,
        actor: { clientId: clients[role], role, organisation: organisations[role] },
      }),
    ]);
    if (permission.path.includes('{id}')) expect(entries[0]).toMatchObject({ subject: { id: ID } });
  });

  it.each(allowedCalls)('lets the $role role past authentication and authorisation on $method $path', async ({ permission, role }) => {
    const { response, requestId } = await send(permission, role);
    expect([401, 403]).not.toContain(response.status);
    expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).not.toContainEqual(expect.objectContaining({ outcome: 'denied' }));
  });

  it.each(allowedCalls)('refuses a $role token without the role scope on $method $path with 403', async ({ permission, role }) => {
    const token = await signToken(claimsFor(testApp.base, clients[role], undefined), testApp.auth.localIssuer.signingKey);
    const { response, requestId } = await send(permission, role, token);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="rueckkehr-exchange", error="insufficient_scope", scope="${roleScopes[role]}"`,
    );
    expect(await response.json()).toMatchObject({ type: '/problems/forbidden', status: 403 });
    expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        reason: 'insufficient_scope',
        actor: expect.objectContaining({ clientId: clients[role] }),
      }),
    ]);
  });

  it('answers HEAD on every GET route with the status of the GET, for every role', async () => {
    const mismatches: string[] = [];
    for (const permission of permissions.filter((p) => p.method === 'GET')) {
      for (const role of ROLES) {
        const path = pathFor(permission, role);
        const get = await testApp.call(clients[role], path);
        const head = await testApp.call(clients[role], path, { method: 'HEAD' });
        if (head.status !== get.status) mismatches.push(`HEAD ${permission.path} as ${role}: ${head.status}, GET: ${get.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('serves the lifecycle and feed routes to their roles: the body is checked (422) and the feed answers (200)', async () => {
    for (const resource of ['cases', 'consultations']) {
      for (const action of ['status', 'transfer', 'withdraw']) {
        const client = action === 'withdraw' ? clients.municipality : clients.centre;
        const response = await testApp.call(client, `/v1/${resource}/${ID}/${action}`, { method: 'POST', body: '{}' });
        expect(response.status, `${resource} ${action}`).toBe(422);
      }
    }
    expect((await testApp.call(clients.municipality, '/v1/events')).status).toBe(200);
  });

  it('refuses the admin reading one case or one consultation request (personal data) with 403', async () => {
    for (const path of [`/v1/cases/${ID}`, `/v1/consultations/${ID}`]) {
      const response = await testApp.call('admin', path);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ type: '/problems/forbidden' });
    }
  });

  it('takes the role from the registry, not from the scopes a token claims', async () => {
    const everyScope = Object.values(roleScopes).join(' ');
    const token = await signToken(claimsFor(testApp.base, clients.municipality, everyScope), testApp.auth.localIssuer.signingKey);
    const audit = permissions.find((p) => p.operation === 'audit.list');
    if (!audit) throw new Error('no audit.list row');
    const { response, requestId } = await send(audit, 'municipality', token);
    expect(response.status).toBe(403);
    expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).toEqual([expect.objectContaining({ reason: 'role_not_allowed' })]);
  });

  it("refuses a token that carries only another role's scope", async () => {
    const token = await signToken(claimsFor(testApp.base, clients.municipality, roleScopes.admin), testApp.auth.localIssuer.signingKey);
    const response = await testApp.app.request('/v1/cases', { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(403);
  });
});

describe('tenants: a centre works only its own queue', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  const workRows = permissions.filter((p) => p.tenantParam === 'centre');

  async function post(clientId: string, path: string) {
    const requestId = randomUUID();
    const response = await testApp.call(clientId, path, { method: 'POST', body: '{}', headers: { 'X-Request-Id': requestId } });
    return { response, requestId };
  }

  it('has tenant-bound rows for lease, ack, release and extend', () => {
    expect(workRows.map((p) => p.operation).sort()).toEqual(['work.ack', 'work.extend', 'work.lease', 'work.release']);
  });

  it("answers 404 to centre-braunschweig leasing Osnabrück's work and logs the refusal as other_tenant", async () => {
    const { response, requestId } = await post('centre-braunschweig', '/v1/centres/osnabrueck/work/lease');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
    expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        reason: 'other_tenant',
        action: 'work.lease',
        actor: { clientId: 'centre-braunschweig', role: 'centre', organisation: 'braunschweig' },
        subject: { type: 'centre', id: 'osnabrueck' },
      }),
    ]);
  });

  it.each(workRows)('answers 404 to each centre on the other centre’s $path', async ({ path, operation }) => {
    for (const [clientId, other] of [
      ['centre-braunschweig', 'osnabrueck'],
      ['centre-osnabrueck', 'braunschweig'],
    ] as const) {
      const { response, requestId } = await post(clientId, path.replace('{centre}', other));
      expect(response.status).toBe(404);
      expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).toEqual([
        expect.objectContaining({ outcome: 'denied', reason: 'other_tenant', action: operation }),
      ]);
    }
  });

  it('records no denial when centre-braunschweig calls its own queue', async () => {
    const { response, requestId } = await post('centre-braunschweig', '/v1/centres/braunschweig/work/lease');
    expect([401, 403]).not.toContain(response.status);
    expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).not.toContainEqual(expect.objectContaining({ outcome: 'denied' }));
  });
});
