import { createPublicKey, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleScopes } from '../../functions/core/permissions.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import {
  claimsFor,
  exchangeLogEntriesOf,
  exchangeLogItems,
  refusalsAccountedFor,
  type Signer,
  signToken,
  type TokenClaims,
  tamperPayload,
  tamperSignature,
  unsignedToken,
} from '../support/tokens.ts';

/** A route abh-03101 may call: a valid token of that client is never 401 or 403 here. */
const ROUTE = '/v1/cases';
const CLIENT = 'abh-03101';
const SCOPE = roleScopes.municipality;

describe('bearer token attacks on /v1', () => {
  let testApp: TestApp;
  let issuerKey: Signer;
  /** Every token and Authorization value sent in this file, to prove none of them is ever stored. */
  const sent: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp();
    issuerKey = testApp.auth.localIssuer.signingKey;
  });
  afterAll(() => testApp.close());

  /** Valid claims of abh-03101 with one claim changed. */
  const claims = (overrides: TokenClaims = {}) => claimsFor(testApp.base, CLIENT, SCOPE, overrides);
  const now = () => Math.floor(Date.now() / 1000);

  async function get(authorization: string | undefined) {
    const requestId = randomUUID();
    const headers = new Headers({ 'X-Request-Id': requestId });
    if (authorization !== undefined) {
      headers.set('Authorization', authorization);
      sent.push(authorization);
    }
    return { response: await testApp.app.request(ROUTE, { headers }), requestId };
  }

  async function expectRefused(authorization: string | undefined, reason: string) {
    const { response, requestId } = await get(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(await response.json()).toMatchObject({ type: '/problems/unauthorized', status: 401, requestId });
    const entries = await exchangeLogEntriesOf(testApp.runtime, requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'denied', reason, action: 'cases.list', requestId });
    // Nobody could be identified, so nobody is named as the actor.
    expect(entries[0]).not.toHaveProperty('actor');
  }

  describe('control: a valid token of the same client', () => {
    it('passes authentication and authorisation with a token from the local issuer', async () => {
      const { response, requestId } = await get(`Bearer ${await testApp.token(CLIENT)}`);
      expect([401, 403]).not.toContain(response.status);
      expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).toEqual([]);
    });

    it('passes with a hand-made token that has every claim right, so each refusal below is due to its one change', async () => {
      const { response, requestId } = await get(`Bearer ${await signToken(claims(), issuerKey)}`);
      expect([401, 403]).not.toContain(response.status);
      expect(await exchangeLogEntriesOf(testApp.runtime, requestId)).toEqual([]);
    });

    it('accepts the Bearer scheme in any letter case', async () => {
      const { response } = await get(`bearer ${await signToken(claims(), issuerKey)}`);
      expect([401, 403]).not.toContain(response.status);
    });
  });

  describe('malformed credentials', () => {
    it('refuses a request without an Authorization header', async () => {
      await expectRefused(undefined, 'missing_token');
    });

    it('refuses the bare word Bearer', async () => {
      await expectRefused('Bearer', 'invalid_token');
    });

    it('refuses Basic credentials', async () => {
      await expectRefused(`Basic ${Buffer.from(`${CLIENT}:dev-secret`).toString('base64')}`, 'invalid_token');
    });

    it('refuses a bearer value that is not a JWT', async () => {
      await expectRefused('Bearer not-a-jwt', 'invalid_token');
    });

    it('answers 401, not 500, to a request without a token on a path with broken percent-encoding', async () => {
      const response = await testApp.app.request('/v1/cases/%E0%A4%A');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    });

    it('refuses two tokens in one header', async () => {
      const token = await signToken(claims(), issuerKey);
      await expectRefused(`Bearer ${token} ${token}`, 'invalid_token');
    });
  });

  describe('forged and altered tokens', () => {
    it('refuses an unsigned token (alg none)', async () => {
      await expectRefused(`Bearer ${unsignedToken(claims())}`, 'invalid_token');
    });

    it('refuses a token signed with HS256 using the public key as JWK bytes', async () => {
      const publicJwk = JSON.stringify(testApp.auth.localIssuer.publicJwks.keys[0]);
      const forged = await signToken(claims(), { privateKey: new TextEncoder().encode(publicJwk), kid: issuerKey.kid }, 'HS256');
      await expectRefused(`Bearer ${forged}`, 'invalid_token');
    });

    it('refuses a token signed with HS256 using the public key as PEM bytes', async () => {
      const { kty, crv, x, y } = testApp.auth.localIssuer.publicJwks.keys[0] ?? {};
      const pem = createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
      const forged = await signToken(claims(), { privateKey: new TextEncoder().encode(pem), kid: issuerKey.kid }, 'HS256');
      await expectRefused(`Bearer ${forged}`, 'invalid_token');
    });

    it('refuses a token whose signature was altered', async () => {
      await expectRefused(`Bearer ${tamperSignature(await signToken(claims(), issuerKey))}`, 'invalid_token');
    });

    it('refuses a token whose payload was changed to client_id admin with the signature kept', async () => {
      const token = await signToken(claims(), issuerKey);
      await expectRefused(`Bearer ${tamperPayload(token, (c) => ({ ...c, client_id: 'admin' }))}`, 'invalid_token');
    });

    it('refuses a token signed by a key that is not in the JWKS', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
      await expectRefused(`Bearer ${await signToken(claims(), { privateKey, kid })}`, 'invalid_token');
    });

    it('refuses a token signed by a foreign key that claims the kid of the issuer key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      await expectRefused(`Bearer ${await signToken(claims(), { privateKey, kid: issuerKey.kid })}`, 'invalid_token');
    });
  });

  describe('claims that do not fit', () => {
    it('refuses a token from another issuer', async () => {
      await expectRefused(`Bearer ${await signToken(claims({ iss: 'https://idp.example.org' }), issuerKey)}`, 'invalid_token');
    });

    it('refuses a token for another audience', async () => {
      await expectRefused(`Bearer ${await signToken(claims({ aud: 'some-other-api' }), issuerKey)}`, 'invalid_token');
    });

    it('refuses a token that expired an hour ago, far beyond the clock tolerance', async () => {
      const expired = claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 });
      await expectRefused(`Bearer ${await signToken(expired, issuerKey)}`, 'invalid_token');
    });

    it('refuses a token that only becomes valid in an hour', async () => {
      await expectRefused(`Bearer ${await signToken(claims({ nbf: now() + 3600 }), issuerKey)}`, 'invalid_token');
    });

    it('refuses a token without sub', async () => {
      await expectRefused(`Bearer ${await signToken(claims({ sub: undefined }), issuerKey)}`, 'invalid_token');
    });

    it('refuses a token without exp', async () => {
      await expectRefused(`Bearer ${await signToken(claims({ exp: undefined }), issuerKey)}`, 'invalid_token');
    });

    it('refuses a token without client_id', async () => {
      await expectRefused(`Bearer ${await signToken(claims({ client_id: undefined }), issuerKey)}`, 'invalid_token');
    });
  });

  describe('clients the registry does not let in', () => {
    it('refuses a validly signed token for a client id that is not registered', async () => {
      const token = await signToken(claimsFor(testApp.base, 'abh-99999', SCOPE), issuerKey);
      await expectRefused(`Bearer ${token}`, 'unregistered_client');
    });

    it('refuses a validly signed token for the disabled client abh-disabled-demo', async () => {
      const token = await signToken(claimsFor(testApp.base, 'abh-disabled-demo', SCOPE), issuerKey);
      await expectRefused(`Bearer ${token}`, 'unregistered_client');
    });
  });

  describe('the exchange log of refused calls', () => {
    it('names the actor when a valid token belongs to a role that may not call the operation', async () => {
      const token = await testApp.token('admin');
      sent.push(token);
      const requestId = randomUUID();
      const response = await testApp.app.request(ROUTE, { headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': requestId } });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ type: '/problems/forbidden', status: 403 });
      const entries = await exchangeLogEntriesOf(testApp.runtime, requestId);
      expect(entries).toEqual([
        expect.objectContaining({
          outcome: 'denied',
          reason: 'role_not_allowed',
          action: 'cases.list',
          actor: { clientId: 'admin', role: 'admin', organisation: 'lab-ni' },
        }),
      ]);
    });

    it('never stores a token or any part of its signature', async () => {
      const items = await exchangeLogItems(testApp.runtime);
      expect(refusalsAccountedFor(items)).toBeGreaterThanOrEqual(20);
      const stored = JSON.stringify(items);
      const secrets = sent.flatMap((value) => {
        const token = value.replace(/^\S+\s+/, '');
        const signature = token.split('.')[2];
        return [value, token, signature ?? ''].filter((secret) => secret.length >= 16);
      });
      expect(secrets.length).toBeGreaterThan(20);
      for (const secret of secrets) expect(stored).not.toContain(secret);
    });
  });
});
