import { decodeProtectedHeader } from 'jose';
import * as oauth from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleScopes } from '../../functions/core/permissions.ts';
import { createTestApp, DEV_SECRET, type TestApp } from '../support/runtime.ts';

describe('the local issuer as a standard OAuth2 client library sees it (RFC 8414, RFC 9068)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('publishes RFC 8414 metadata whose issuer is the URL it is served under', async () => {
    const response = await fetch(`${t.base}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: t.base,
      token_endpoint: `${t.base}/oauth/token`,
      jwks_uri: `${t.base}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
    });
  });

  it('lets openid-client discover the issuer and obtain an at+jwt access token by client credentials that the API accepts', async () => {
    const config = await oauth.discovery(new URL(t.base), 'centre-osnabrueck', DEV_SECRET, undefined, {
      algorithm: 'oauth2',
      // The local stack speaks plain HTTP on loopback; a deployment's identity provider is HTTPS.
      execute: [oauth.allowInsecureRequests],
    });
    const tokens = await oauth.clientCredentialsGrant(config);
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe(roleScopes.centre);
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const response = await fetch(`${t.base}/v1/routing-table`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(response.status).toBe(200);
  });

  it('lets openid-client see a wrong secret as a 401 Basic challenge (RFC 6749 section 5.2)', async () => {
    const config = await oauth.discovery(new URL(t.base), 'centre-osnabrueck', 'wrong', undefined, {
      algorithm: 'oauth2',
      execute: [oauth.allowInsecureRequests],
    });
    await expect(oauth.clientCredentialsGrant(config)).rejects.toMatchObject({ status: 401, name: 'WWWAuthenticateChallengeError' });
  });
});
