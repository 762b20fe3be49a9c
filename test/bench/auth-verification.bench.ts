import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../functions/adapters/provision.ts';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { roleScopes } from '../../functions/core/permissions.ts';
import { composeApp } from '../../functions/entry/compose.ts';
import { deriveKeys } from '../../functions/entry/keys.ts';
import { LOCAL_AUDIENCE, loadLocalRegistry } from '../../functions/entry/local/local-auth.ts';
import { startLocalStores } from '../../functions/entry/local/local-stores.ts';
import { createTokenVerifier, type TokenVerifier } from '../../functions/http/auth/token-verifier.ts';
import { createLogger } from '../../functions/http/logger.ts';
import { type BenchResult, measure } from './measure.ts';

export const title = 'Bearer token verification per request: jose ES256 check vs the verified-token cache';

const ISSUER = 'https://idp.bench.example';
const VERIFICATIONS = 5_000;
const REQUESTS = 1_000;

/**
 * (a) and (b): createTokenVerifier on a real ES256 token against a local JWKS, without and with the
 * cache. (c): whole requests through the composed app's `app.request`, on DynamoDB Local and fauxqs
 * started here (a list of cases reads DynamoDB; an unknown /v1 path is answered after authentication
 * without touching a store).
 */
export default async function bench(): Promise<BenchResult[]> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const token = await new SignJWT({ client_id: 'abh-03101', scope: roleScopes.municipality })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setIssuer(ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject('abh-03101')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  const verifier = (cache: boolean): TokenVerifier =>
    createTokenVerifier({
      keys,
      issuer: ISSUER,
      audience: LOCAL_AUDIENCE,
      clientIdClaim: 'client_id',
      cache: cache ? { maxEntries: 10_000 } : false,
    });

  const results: BenchResult[] = [];
  const uncached = verifier(false);
  const cached = verifier(true);
  results.push(await measure('(a) verify, cache off', VERIFICATIONS, () => uncached(token)));
  results.push(await measure('(b) verify, cache on', VERIFICATIONS, () => cached(token)));

  const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-bench-'));
  let stores: Awaited<ReturnType<typeof startLocalStores>> | undefined;
  try {
    stores = await startLocalStores({ pidFile: join(dir, 'dynamodb-local.pid') });
    const clients = createAwsClients({ region: LOCAL_REGION, local: stores });
    const resources = resourceSpecs(`bench${randomBytes(3).toString('hex')}`);
    await ensureResources(clients, resources);
    const registry = loadLocalRegistry();
    const app = (cache: boolean) =>
      composeApp({
        clients,
        resources,
        logger: createLogger('SILENT'),
        registry,
        verify: verifier(cache),
        tokenUrl: `${ISSUER}/oauth2/token`,
        keys: deriveKeys(randomBytes(32)),
        retention: { afterIntakeDays: 365, afterFinalDays: 30 },
      });
    const headers = { Authorization: `Bearer ${token}` };
    const apps = [
      { label: 'cache off', composed: app(false) },
      { label: 'cache on', composed: app(true) },
    ];
    const request = (composed: ReturnType<typeof app>, path: string, expected: number) => async () => {
      const response = await composed.request(path, { headers });
      if (response.status !== expected) throw new Error(`${path} answered ${response.status}, expected ${expected}`);
      await response.arrayBuffer();
    };
    // Warm DynamoDB Local (a JVM) with both apps first, so that neither variant pays for its warm-up.
    for (const { composed } of apps) await measure('warm-up', 1000, request(composed, '/v1/cases', 200), 0);
    for (const [path, expected, name] of [
      ['/v1/nothing', 404, 'GET /v1/nothing (404 after auth)'],
      ['/v1/cases', 200, 'GET /v1/cases (DynamoDB Local)'],
    ] as const) {
      for (const { label, composed } of apps) {
        results.push(await measure(`(c) ${name}, ${label}`, REQUESTS, request(composed, path, expected)));
      }
    }
    destroyAwsClients(clients);
  } catch (error) {
    console.error(`(c) skipped: ${(error as Error).message}`);
  } finally {
    await stores?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
