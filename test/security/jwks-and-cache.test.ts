import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoExchangeLog } from '../../functions/adapters/dynamo-exchange-log.ts';
import { UnauthorizedError } from '../../functions/core/errors.ts';
import { roleScopes } from '../../functions/core/permissions.ts';
import { loadLocalRegistry } from '../../functions/entry/local/local-auth.ts';
import { createTokenVerifier, type TokenVerifier } from '../../functions/http/auth/token-verifier.ts';
import type { AppEnv } from '../../functions/http/env.ts';
import { createLogger } from '../../functions/http/logger.ts';
import { authenticate } from '../../functions/http/middleware/authenticate.ts';
import { createErrorHandler } from '../../functions/http/problem.ts';
import { createTestStores } from '../support/runtime.ts';
import { claimsFor, exchangeLogEntriesOf, type Signer, signToken, type TokenClaims } from '../support/tokens.ts';

const ISSUER = 'https://idp.test.example';

interface IssuerKeyPair extends Signer {
  privateKey: CryptoKey;
  kid: string;
  publicJwk: JWK;
}

async function newKey(): Promise<IssuerKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, kid, publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } };
}

/** An identity provider's JWKS endpoint on 127.0.0.1 that serves the keys it is given and counts its requests. */
async function startJwksServer() {
  let keys: JWK[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== '/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    requests += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/jwks.json`),
    requests: () => requests,
    serve: (...served: IssuerKeyPair[]) => {
      keys = served.map((k) => k.publicJwk);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type JwksServer = Awaited<ReturnType<typeof startJwksServer>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const claims = (overrides: TokenClaims = {}) => claimsFor(ISSUER, 'abh-03101', roleScopes.municipality, overrides);

/** A key resolver that counts how often jose asked it for a key (once per signature check). */
function countingKeys(...keys: IssuerKeyPair[]) {
  const local = createLocalJWKSet({ keys: keys.map((k) => k.publicJwk) });
  const counter = { calls: 0 };
  const resolve: JWTVerifyGetKey = (header, token) => {
    counter.calls += 1;
    return local(header, token);
  };
  return { resolve, counter };
}

describe('JWKS fetching (createRemoteJWKSet behind createTokenVerifier)', () => {
  let jwks: JwksServer;
  let keyA: IssuerKeyPair;
  let keyB: IssuerKeyPair;
  let stranger: IssuerKeyPair;
  beforeAll(async () => {
    [keyA, keyB, stranger] = await Promise.all([newKey(), newKey(), newKey()]);
  });
  afterEach(() => jwks.close());

  async function verifierWithServer(cooldownDuration: number): Promise<TokenVerifier> {
    jwks = await startJwksServer();
    jwks.serve(keyA);
    return createTokenVerifier({
      keys: createRemoteJWKSet(jwks.url, { cooldownDuration }),
      issuer: ISSUER,
      audience: 'rueckkehr-exchange',
      clientIdClaim: 'client_id',
      cache: false,
    });
  }

  it('fetches the JWKS once for many verifications, one after another and at the same time', async () => {
    const verify = await verifierWithServer(300);
    for (let i = 0; i < 50; i += 1) await verify(await signToken(claims(), keyA));
    const tokens = await Promise.all(Array.from({ length: 50 }, () => signToken(claims(), keyA)));
    const verified = await Promise.all(tokens.map((token) => verify(token)));
    expect(verified.every((v) => v.clientId === 'abh-03101')).toBe(true);
    expect(jwks.requests()).toBe(1);
  });

  it('refetches once, not ten times, when ten tokens with an unknown kid arrive together after the cooldown', async () => {
    const verify = await verifierWithServer(300);
    await verify(await signToken(claims(), keyA));
    expect(jwks.requests()).toBe(1);
    await sleep(400);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => signToken(claims(), stranger)));
    const results = await Promise.allSettled(tokens.map((token) => verify(token)));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(UnauthorizedError);
    }
    expect(jwks.requests()).toBe(2);
  });

  it('does not refetch for unknown kids while the cooldown lasts, so a flood of forged kids cannot hammer the identity provider', async () => {
    const verify = await verifierWithServer(60_000);
    await verify(await signToken(claims(), keyA));
    for (let i = 0; i < 20; i += 1) {
      await expect(verify(await signToken(claims(), stranger))).rejects.toBeInstanceOf(UnauthorizedError);
    }
    expect(jwks.requests()).toBe(1);
  });

  it('accepts a rotated-in key after one refetch, and still the old key', async () => {
    const verify = await verifierWithServer(300);
    await verify(await signToken(claims(), keyA));
    jwks.serve(keyA, keyB);
    await sleep(400);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => signToken(claims(), keyB)));
    const verified = await Promise.all(tokens.map((token) => verify(token)));
    expect(verified).toHaveLength(10);
    expect(jwks.requests()).toBe(2);
    await expect(verify(await signToken(claims(), keyA))).resolves.toMatchObject({ clientId: 'abh-03101' });
    expect(jwks.requests()).toBe(2);
  });
});

describe('verified-token cache', () => {
  let key: IssuerKeyPair;
  beforeAll(async () => {
    key = await newKey();
  });

  function verifier(keys: JWTVerifyGetKey, cache: { maxEntries: number } | false, clockToleranceSeconds = 30) {
    return createTokenVerifier({
      keys,
      issuer: ISSUER,
      audience: 'rueckkehr-exchange',
      clientIdClaim: 'client_id',
      cache,
      clockToleranceSeconds,
    });
  }

  it('checks the signature of a repeated token only once', async () => {
    const { resolve, counter } = countingKeys(key);
    const verify = verifier(resolve, { maxEntries: 100 });
    const token = await signToken(claims(), key);
    for (let i = 0; i < 5; i += 1) expect(await verify(token)).toMatchObject({ clientId: 'abh-03101', scopes: [roleScopes.municipality] });
    expect(counter.calls).toBe(1);
  });

  it('checks every time when the cache is off', async () => {
    const { resolve, counter } = countingKeys(key);
    const verify = verifier(resolve, false);
    const token = await signToken(claims(), key);
    for (let i = 0; i < 5; i += 1) await verify(token);
    expect(counter.calls).toBe(5);
  });

  it('rejects a cached token once its exp has passed', async () => {
    const verify = verifier(countingKeys(key).resolve, { maxEntries: 100 }, 0);
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await signToken(claims({ exp }), key);
    await expect(verify(token)).resolves.toMatchObject({ clientId: 'abh-03101', expiresAt: exp });
    await sleep(exp * 1000 - Date.now() + 100);
    await expect(verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('keeps at most maxEntries tokens, dropping the oldest', async () => {
    const { resolve, counter } = countingKeys(key);
    const verify = verifier(resolve, { maxEntries: 2 });
    const [first, second, third] = await Promise.all([signToken(claims(), key), signToken(claims(), key), signToken(claims(), key)]);
    for (const token of [first, second, third]) await verify(token);
    expect(counter.calls).toBe(3);
    await verify(third);
    expect(counter.calls).toBe(3);
    await verify(first);
    expect(counter.calls).toBe(4);
  });

  it('does not remember a refusal: a token refused for an unknown key passes once the key is known', async () => {
    const { resolve: withoutKey } = countingKeys();
    const { resolve: withKey } = countingKeys(key);
    let keys = withoutKey;
    const verify = verifier((header, token) => keys(header, token), { maxEntries: 100 });
    const token = await signToken(claims(), key);
    await expect(verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    keys = withKey;
    await expect(verify(token)).resolves.toMatchObject({ clientId: 'abh-03101' });
  });
});

describe('authentication with the token cache still asks the registry on every request', () => {
  const registry = loadLocalRegistry();
  const disabled = new Set<string>();
  const switchable = { principal: (clientId: string) => (disabled.has(clientId) ? undefined : registry.principal(clientId)) };
  let stores: Awaited<ReturnType<typeof createTestStores>>;
  let app: Hono<AppEnv>;
  let key: IssuerKeyPair;
  let counter: { calls: number };

  beforeAll(async () => {
    stores = await createTestStores();
    key = await newKey();
    const keys = countingKeys(key);
    counter = keys.counter;
    const logger = createLogger('SILENT');
    app = new Hono<AppEnv>();
    app.use('*', requestId({ headerName: 'X-Request-Id' }));
    app.use(
      '/v1/*',
      authenticate({
        verify: createTokenVerifier({ keys: keys.resolve, issuer: ISSUER, audience: 'rueckkehr-exchange', clientIdClaim: 'client_id' }),
        registry: switchable,
        exchangeLog: new DynamoExchangeLog(stores.clients.doc, stores.resources.tables.audit.name),
        logger,
      }),
    );
    app.get('/v1/cases', (c) => c.json({ caller: c.get('principal').clientId }));
    app.onError(createErrorHandler(logger));
  });

  it('refuses the second call with the same cached token once the client is disabled, and lets it in again when re-enabled', async () => {
    const token = await signToken(claims(), key);
    const call = async () => {
      const id = randomUUID();
      const response = await app.request('/v1/cases', { headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': id } });
      return { response, id };
    };

    const first = await call();
    expect(first.response.status).toBe(200);
    expect(await first.response.json()).toEqual({ caller: 'abh-03101' });

    disabled.add('abh-03101');
    const second = await call();
    expect(second.response.status).toBe(401);
    expect(second.response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(await second.response.json()).toMatchObject({ type: '/problems/unauthorized' });
    expect(await exchangeLogEntriesOf(stores, second.id)).toEqual([
      expect.objectContaining({ outcome: 'denied', reason: 'unregistered_client' }),
    ]);

    disabled.delete('abh-03101');
    expect((await call()).response.status).toBe(200);
    // All three calls used the cached verification: only the registry decided.
    expect(counter.calls).toBe(1);
  });
});
