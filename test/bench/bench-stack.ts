import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type AwsClients, createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../functions/adapters/provision.ts';
import { type ResourceNames, resourceSpecs } from '../../functions/adapters/resources.ts';
import { roleScopes } from '../../functions/core/permissions.ts';
import { composeApp, type Runtime } from '../../functions/entry/compose.ts';
import { type DerivedKeys, deriveKeys } from '../../functions/entry/keys.ts';
import { LOCAL_AUDIENCE, loadLocalRegistry } from '../../functions/entry/local/local-auth.ts';
import { startLocalStores } from '../../functions/entry/local/local-stores.ts';
import { loadRoutingTable } from '../../functions/entry/routing-table-files.ts';
import { createTokenVerifier, type TokenVerifier } from '../../functions/http/auth/token-verifier.ts';
import { createLogger } from '../../functions/http/logger.ts';

export const BENCH_ISSUER = 'https://idp.bench.example';

/** An ES256 key in a local JWKS, a verifier over it, and tokens of the local registry's clients. */
export async function benchIdentity() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' }] });
  const token = (clientId: string, role: keyof typeof roleScopes = 'municipality') =>
    new SignJWT({ client_id: clientId, scope: roleScopes[role] })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setIssuer(BENCH_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(clientId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  const verifier = (cache: boolean): TokenVerifier =>
    createTokenVerifier({
      keys,
      issuer: BENCH_ISSUER,
      audience: LOCAL_AUDIENCE,
      clientIdClaim: 'client_id',
      cache: cache ? { maxEntries: 10_000 } : false,
    });
  return { token, verifier };
}

/**
 * The runtime every benchmark composes over the local stores: the local registry and routing table,
 * silent logs, the bench issuer's verifier and one set of keys (fresh unless given).
 */
export function benchRuntime(
  clients: AwsClients,
  resources: ResourceNames,
  verify: TokenVerifier,
  keys: DerivedKeys = deriveKeys(randomBytes(32)),
): Runtime {
  return {
    clients,
    resources,
    logger: createLogger('SILENT'),
    registry: loadLocalRegistry(),
    routing: loadRoutingTable(),
    verify,
    tokenUrl: `${BENCH_ISSUER}/oauth2/token`,
    keys,
    retention: { afterIntakeDays: 365, afterFinalDays: 30 },
  };
}

/**
 * Starts DynamoDB Local and fauxqs (in memory) for one benchmark, hands it a function that composes the
 * app over them with a given verifier, and stops everything afterwards, also when the benchmark fails.
 */
export async function withBenchStack<T>(
  use: (appWith: (verify: TokenVerifier) => ReturnType<typeof composeApp>) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-bench-'));
  const stores = await startLocalStores({ pidFile: join(dir, 'dynamodb-local.pid') });
  const clients = createAwsClients({ region: LOCAL_REGION, local: stores });
  try {
    const resources = resourceSpecs(`bench${randomBytes(3).toString('hex')}`);
    await ensureResources(clients, resources);
    const keys = deriveKeys(randomBytes(32));
    return await use((verify) => composeApp(benchRuntime(clients, resources, verify, keys)));
  } finally {
    destroyAwsClients(clients);
    await stores.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
