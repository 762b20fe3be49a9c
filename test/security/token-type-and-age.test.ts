import { createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnauthorizedError } from '../../functions/core/errors.ts';
import { roleScopes } from '../../functions/core/permissions.ts';
import { loadLambdaConfig } from '../../functions/entry/config.ts';
import { createTokenVerifier } from '../../functions/http/auth/token-verifier.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { claimsFor, type Signer, signToken, type TokenClaims } from '../support/tokens.ts';

const CLIENT = 'abh-03101';
const now = () => Math.floor(Date.now() / 1000);

describe('RFC 9068 token type and maximum token age on the local stack', () => {
  let t: TestApp;
  let key: Signer;
  beforeAll(async () => {
    t = await createTestApp({ cacheTokens: false });
    key = t.auth.localIssuer.signingKey;
  });
  afterAll(() => t.close());

  const claims = (overrides: TokenClaims = {}) => claimsFor(t.base, CLIENT, roleScopes.municipality, overrides);
  const statusWith = async (token: string) => (await t.app.request('/v1/cases', { headers: { Authorization: `Bearer ${token}` } })).status;

  it('accepts a token with typ at+jwt, and with the equivalent application/at+jwt', async () => {
    expect(await statusWith(await signToken(claims(), key))).toBe(200);
    expect(await statusWith(await signToken(claims(), key, 'ES256', 'application/at+jwt'))).toBe(200);
  });

  it('refuses a token without typ, as an RFC 9068 resource server must', async () => {
    expect(await statusWith(await signToken(claims(), key, 'ES256', null))).toBe(401);
  });

  it('refuses a token of another type (an ID token says JWT)', async () => {
    expect(await statusWith(await signToken(claims(), key, 'ES256', 'JWT'))).toBe(401);
  });

  it('refuses a token without iat', async () => {
    expect(await statusWith(await signToken(claims({ iat: undefined }), key))).toBe(401);
  });

  it('refuses a token issued two hours ago that has not expired (lifetime beyond the bound)', async () => {
    expect(await statusWith(await signToken(claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() + 600 }), key))).toBe(401);
  });
});

describe('token checks for providers that set no typ (Amazon Cognito)', () => {
  async function verifierAndKey(options: { requiredType?: string; maxTokenAgeSeconds?: number; cache?: { maxEntries: number } }) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const verify = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [jwk] }),
      issuer: 'https://cognito.example',
      clientIdClaim: 'client_id',
      cache: false as const,
      ...options,
    });
    return { verify, signer: { privateKey, kid: 'k1' } satisfies Signer };
  }
  const cognitoClaims = (overrides: TokenClaims = {}) => ({
    ...claimsFor('https://cognito.example', 'client-1', 'x', overrides),
    aud: undefined,
  });

  it('accepts a token without typ when no type is configured (the default)', async () => {
    const { verify, signer } = await verifierAndKey({});
    await expect(verify(await signToken(cognitoClaims(), signer, 'ES256', null))).resolves.toMatchObject({ clientId: 'client-1' });
  });

  it('refuses a token without typ once AUTH_REQUIRED_TOKEN_TYPE says at+jwt', async () => {
    const config = loadLambdaConfig(deployedEnv({ AUTH_REQUIRED_TOKEN_TYPE: 'at+jwt' }));
    const { verify, signer } = await verifierAndKey({ requiredType: config.AUTH_REQUIRED_TOKEN_TYPE });
    await expect(verify(await signToken(cognitoClaims(), signer, 'ES256', null))).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses by default a token issued two days ago that claims to be valid for years', async () => {
    const config = loadLambdaConfig(deployedEnv({}));
    expect(config.AUTH_REQUIRED_TOKEN_TYPE).toBeUndefined();
    const { verify, signer } = await verifierAndKey({ maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS });
    const longLived = cognitoClaims({ iat: now() - 2 * 86_400, nbf: now() - 2 * 86_400, exp: now() + 10 * 365 * 86_400 });
    await expect(verify(await signToken(longLived, signer, 'ES256', null))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(verify(await signToken(cognitoClaims(), signer, 'ES256', null))).resolves.toMatchObject({ clientId: 'client-1' });
  });
});

describe('the verified-token cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops answering a cached token once it is older than the maximum token age, though its exp lies years ahead', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const verify = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [jwk] }),
      issuer: 'https://cognito.example',
      clientIdClaim: 'client_id',
      maxTokenAgeSeconds: 3600,
      clockToleranceSeconds: 30,
      cache: { maxEntries: 10 },
    });
    const token = await signToken(
      { ...claimsFor('https://cognito.example', 'client-1', 'x', { exp: now() + 10 * 365 * 86_400 }), aud: undefined },
      { privateKey, kid: 'k1' },
      'ES256',
      null,
    );
    await expect(verify(token)).resolves.toMatchObject({ clientId: 'client-1' });
    vi.setSystemTime(Date.now() + 1800 * 1000);
    await expect(verify(token)).resolves.toMatchObject({ clientId: 'client-1' }); // within the age: cached or not, valid
    vi.setSystemTime(Date.now() + 1900 * 1000);
    await expect(verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

/** The settings a deployed function gets from the CDK stack, with the given overrides. */
function deployedEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    AWS_REGION: 'eu-central-1',
    RESOURCE_PREFIX: 'rx-test',
    CHECKPOINT_KEY_ID: 'alias/rx-test-checkpoints',
    SERVER_SECRET: Buffer.alloc(32, 1).toString('base64'),
    AUTH_ISSUER: 'https://cognito.example',
    AUTH_JWKS_URL: 'https://cognito.example/.well-known/jwks.json',
    ...overrides,
  };
}
