import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { inject } from 'vitest';
import { type AwsClients, createAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../functions/adapters/provision.ts';
import { type ResourceNames, resourceSpecs } from '../../functions/adapters/resources.ts';
import type { RateLimitSettings } from '../../functions/core/rate-limit/rate-limiter.ts';
import type { RetentionPolicy } from '../../functions/core/requests/retention.ts';
import type { RoutingTable } from '../../functions/core/routing/routing-table.ts';
import { composeApp, composeServices, type Runtime, type Services } from '../../functions/entry/compose.ts';
import { deriveKeys } from '../../functions/entry/keys.ts';
import { serveApp } from '../../functions/entry/local/http-server.ts';
import { type IssuerKey, loadOrCreateIssuerKey } from '../../functions/entry/local/issuer-key.ts';
import { createLocalAuth, type LocalAuth } from '../../functions/entry/local/local-auth.ts';
import { freePort } from '../../functions/entry/local/local-stores.ts';
import { loadRoutingTable } from '../../functions/entry/routing-table-files.ts';
import type { AppEnv } from '../../functions/http/env.ts';
import { createLogger, type Logger } from '../../functions/http/logger.ts';
import { localIssuerRoutes } from '../../functions/http/routes/local-issuer.ts';
import { recordStatuses } from './status-recorder.ts';

export const DEV_SECRET = 'test-secret';

/** Endpoints of the stores the global setup started. */
export function testStores() {
  return inject('stores');
}

/** Store clients and a fresh set of tables and queues (a random prefix): test files never share data. */
export async function createTestStores(): Promise<{ clients: AwsClients; resources: ResourceNames }> {
  const clients = createAwsClients({ region: LOCAL_REGION, local: testStores() });
  const resources = resourceSpecs(`t${randomBytes(4).toString('hex')}`);
  await ensureResources(clients, resources);
  return { clients, resources };
}

let sharedKey: Promise<IssuerKey> | undefined;
function issuerKey(): Promise<IssuerKey> {
  // The key is kept in memory; its folder goes at once (one per test worker used to stay in the temp folder).
  sharedKey ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-key-'));
    try {
      return await loadOrCreateIssuerKey(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return sharedKey;
}

export interface TestApp {
  app: OpenAPIHono<AppEnv>;
  runtime: Runtime;
  /** The domain services over the same stores (relay, store), as the relay timer uses them. */
  services: Services;
  auth: LocalAuth;
  base: string;
  /** A real token from the app's own token endpoint. */
  token(clientId: string): Promise<string>;
  /** A request with a bearer token for the client, through `app.request` (no socket). */
  call(clientId: string, path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The whole app as the local stack composes it, with its own tables and queues, served on a free
 * loopback port so that token verification fetches the JWKS over HTTP, as it does for real.
 */
export async function createTestApp(
  options: {
    cacheTokens?: boolean;
    retention?: RetentionPolicy;
    logger?: Logger;
    clock?: () => Date;
    routing?: RoutingTable;
    /** The per-client rate limit; none unless a test asks for it (suites send far more than a client may). */
    rateLimit?: RateLimitSettings;
  } = {},
): Promise<TestApp> {
  const { clients, resources } = await createTestStores();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const auth = createLocalAuth({
    baseUrl: base,
    key: await issuerKey(),
    clientSecret: DEV_SECRET,
    ...(options.cacheTokens === undefined ? {} : { cacheTokens: options.cacheTokens }),
  });
  const runtime: Runtime = {
    clients,
    resources,
    logger: options.logger ?? createLogger('SILENT'),
    ...auth,
    routing: options.routing ?? loadRoutingTable(),
    keys: deriveKeys(randomBytes(32)),
    retention: options.retention ?? { afterIntakeDays: 365, afterFinalDays: 30 },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  };
  const services = composeServices(runtime);
  const app = composeApp(runtime, [localIssuerRoutes(auth.localIssuer)], services);
  // Before serving: the recorder wraps app.fetch, which both the socket and app.request use.
  const statuses = recordStatuses(app);
  const server: ServerType = serveApp(app.fetch, { hostname: '127.0.0.1', port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const tokens = new Map<string, string>();
  const token = async (clientId: string) => {
    const cached = tokens.get(clientId);
    if (cached) return cached;
    const response = await app.request('/oauth/token', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: DEV_SECRET }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(body)}`);
    tokens.set(clientId, body.access_token);
    return body.access_token;
  };
  const call = async (clientId: string, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${await token(clientId)}`);
    if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return app.request(path, { ...init, headers });
  };
  return {
    app,
    runtime,
    services,
    auth,
    base,
    token,
    call,
    close: async () => {
      await statuses.flush();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
