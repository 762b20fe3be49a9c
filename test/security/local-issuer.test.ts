import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleScopes } from '../../functions/core/permissions.ts';
import { LOCAL_AUDIENCE, LOCAL_TOKEN_LIFETIME_SECONDS } from '../../functions/entry/local/local-auth.ts';
import type { Role } from '../../schemas/participant.ts';
import { createTestApp, DEV_SECRET, type TestApp } from '../support/runtime.ts';

interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

describe('local token issuer (POST /oauth/token, GET /.well-known/jwks.json)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  /** A token request over a real socket, as a client system sends it. */
  function requestToken(form: Record<string, string>, headers: Record<string, string> = {}) {
    return fetch(`${testApp.base}/oauth/token`, { method: 'POST', body: new URLSearchParams(form), headers });
  }
  const basic = (id: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

  async function expectOAuthError(response: Response, status: number, error: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error, error_description: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain(DEV_SECRET);
    if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  }

  it.each([
    { clientId: 'abh-03101', role: 'municipality' },
    { clientId: 'centre-osnabrueck', role: 'centre' },
    { clientId: 'admin', role: 'admin' },
  ] satisfies { clientId: string; role: Role }[])(
    'issues $clientId a bearer token with the $role scope that verifies against the published JWKS',
    async ({ clientId, role }) => {
      const response = await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: DEV_SECRET });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as TokenResponse;
      expect(body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: LOCAL_TOKEN_LIFETIME_SECONDS,
        scope: roleScopes[role],
      });
      const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', testApp.base));
      const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
        issuer: testApp.base,
        audience: LOCAL_AUDIENCE,
        algorithms: ['ES256'],
      });
      expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: testApp.auth.localIssuer.signingKey.kid });
      expect(payload).toMatchObject({ client_id: clientId, sub: clientId, scope: roleScopes[role] });
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(LOCAL_TOKEN_LIFETIME_SECONDS);
    },
  );

  it('publishes only public key material, with the kid the tokens name', async () => {
    const response = await fetch(`${testApp.base}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: testApp.auth.localIssuer.signingKey.kid });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('issues a token whose caller the API then lets in', async () => {
    const response = await requestToken({ grant_type: 'client_credentials', client_id: 'abh-03101', client_secret: DEV_SECRET });
    const { access_token } = (await response.json()) as TokenResponse;
    const call = await testApp.app.request('/v1/cases', { headers: { Authorization: `Bearer ${access_token}` } });
    expect([401, 403]).not.toContain(call.status);
  });

  it('accepts the client credentials by HTTP Basic', async () => {
    const response = await requestToken({ grant_type: 'client_credentials' }, basic('centre-braunschweig', DEV_SECRET));
    expect(response.status).toBe(200);
    const body = (await response.json()) as TokenResponse;
    expect(body.scope).toBe(roleScopes.centre);
    expect(decodeProtectedHeader(body.access_token).alg).toBe('ES256');
  });

  it('accepts a request for exactly the scope of the client’s role', async () => {
    const response = await requestToken({
      grant_type: 'client_credentials',
      client_id: 'admin',
      client_secret: DEV_SECRET,
      scope: roleScopes.admin,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as TokenResponse).scope).toBe(roleScopes.admin);
  });

  it('refuses a wrong secret with 401 invalid_client', async () => {
    await expectOAuthError(
      await requestToken({ grant_type: 'client_credentials', client_id: 'abh-03101', client_secret: 'wrong-secret' }),
      401,
      'invalid_client',
    );
  });

  it('refuses a wrong secret sent by HTTP Basic with 401 invalid_client', async () => {
    await expectOAuthError(
      await requestToken({ grant_type: 'client_credentials' }, basic('abh-03101', 'wrong-secret')),
      401,
      'invalid_client',
    );
  });

  it('answers Basic credentials with broken percent-encoding with an OAuth error, not a 500', async () => {
    const response = await requestToken({ grant_type: 'client_credentials' }, basic('%E0%A4%A', DEV_SECRET));
    expect([400, 401]).toContain(response.status);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/^invalid_(client|request)$/) });
  });

  it('refuses a request without a secret with 401 invalid_client', async () => {
    await expectOAuthError(await requestToken({ grant_type: 'client_credentials', client_id: 'abh-03101' }), 401, 'invalid_client');
  });

  it('refuses an unknown client with 401 invalid_client, even with the right secret', async () => {
    await expectOAuthError(
      await requestToken({ grant_type: 'client_credentials', client_id: 'abh-99999', client_secret: DEV_SECRET }),
      401,
      'invalid_client',
    );
  });

  it('refuses the disabled client with 401 invalid_client, even with the right secret', async () => {
    await expectOAuthError(
      await requestToken({ grant_type: 'client_credentials', client_id: 'abh-disabled-demo', client_secret: DEV_SECRET }),
      401,
      'invalid_client',
    );
  });

  it.each(['password', 'authorization_code', 'refresh_token'])('refuses grant_type=%s with 400 unsupported_grant_type', async (grant) => {
    await expectOAuthError(
      await requestToken({ grant_type: grant, client_id: 'abh-03101', client_secret: DEV_SECRET }),
      400,
      'unsupported_grant_type',
    );
  });

  it('refuses a request without grant_type with 400 unsupported_grant_type', async () => {
    await expectOAuthError(await requestToken({ client_id: 'abh-03101', client_secret: DEV_SECRET }), 400, 'unsupported_grant_type');
  });

  it('refuses a JSON body with 400 invalid_request', async () => {
    const response = await fetch(`${testApp.base}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'abh-03101', client_secret: DEV_SECRET }),
    });
    await expectOAuthError(response, 400, 'invalid_request');
  });

  it('refuses a municipality asking for the admin or centre scope with 400 invalid_scope', async () => {
    for (const scope of [roleScopes.admin, roleScopes.centre, `${roleScopes.municipality} ${roleScopes.admin}`]) {
      await expectOAuthError(
        await requestToken({ grant_type: 'client_credentials', client_id: 'abh-03101', client_secret: DEV_SECRET, scope }),
        400,
        'invalid_scope',
      );
    }
  });
});
