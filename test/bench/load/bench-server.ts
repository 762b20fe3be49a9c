import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createAwsClients, LOCAL_REGION } from '../../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../../functions/adapters/provision.ts';
import { resourceSpecs } from '../../../functions/adapters/resources.ts';
import { backgroundPass, composeApp, composeServices, LOCAL_RELAY_MIN_AGE_MS } from '../../../functions/entry/compose.ts';
import { deriveKeys } from '../../../functions/entry/keys.ts';
import { loadOrCreateIssuerKey } from '../../../functions/entry/local/issuer-key.ts';
import { createLocalAuth } from '../../../functions/entry/local/local-auth.ts';
import { LOOPBACK, startLocalStores } from '../../../functions/entry/local/local-stores.ts';
import { startRelay } from '../../../functions/entry/local/relay-timer.ts';
import { loadRoutingTable } from '../../../functions/entry/routing-table-files.ts';
import { createLogger, type LogLevel } from '../../../functions/http/logger.ts';
import { localIssuerRoutes } from '../../../functions/http/routes/local-issuer.ts';
import { BENCH_IN_FLIGHT_PATH, markPhasesOnSignal } from './phase-signal.ts';

/**
 * The benchmark's server process: the local stack of `npm start`, composed the same way (API, token
 * issuer, rate limiter, relay timer, tables and queues named `rueckkehr-local-*`), but with DynamoDB
 * Local in memory. On disk, DynamoDB Local's own writes dominate every figure and hide what the API
 * itself costs. The rate limit is on (its reservations are part of a request's cost) with the
 * allowance the harness sets in `RATE_LIMIT_PER_WINDOW`. Prints the banner lines that
 * test/support/local-stack-process.ts reads. Stops on SIGINT/SIGTERM. SIGUSR2 marks the start and end of
 * a phase (phase-signal.ts: storage calls per phase, and CPU profiles with `BENCH_CPU_PROFILE_DIR`).
 */
const dataDir = process.env.DATA_DIR ?? '.';
const port = Number(process.env.PORT ?? 3000);
const stores = await startLocalStores({ pidFile: join(dataDir, 'dynamodb-local.pid') });
const clients = createAwsClients({ region: LOCAL_REGION, local: stores });
const resources = resourceSpecs('rueckkehr-local');
markPhasesOnSignal(clients, process.env.BENCH_CPU_PROFILE_DIR);
await ensureResources(clients, resources);
const logger = createLogger((process.env.LOG_LEVEL ?? 'INFO') as LogLevel);
const auth = createLocalAuth({
  baseUrl: `http://${LOOPBACK}:${port}`,
  key: await loadOrCreateIssuerKey(dataDir),
  clientSecret: 'dev-secret',
});
const runtime = {
  clients,
  resources,
  logger,
  ...auth,
  routing: loadRoutingTable(),
  keys: deriveKeys(randomBytes(32)),
  retention: { afterIntakeDays: 365, afterFinalDays: 30 },
  rateLimit: { limit: Number(process.env.RATE_LIMIT_PER_WINDOW ?? 600), windowSeconds: 60 },
};
const services = composeServices(runtime);
const app = composeApp(runtime, [localIssuerRoutes(auth.localIssuer)], services);
const relay = startRelay(() => backgroundPass(services, { relayMinAgeMs: LOCAL_RELAY_MIN_AGE_MS }), 2000, logger);
// Requests the server is still working on: autocannon drops its connections when a phase ends, but the
// server finishes what it began. The harness waits for none before the next phase, so that no side's
// leftover work runs in the other side's window.
let inFlight = 0;
const server = serve({
  fetch: async (request, env) => {
    if (new URL(request.url).pathname === BENCH_IN_FLIGHT_PATH) return Response.json({ inFlight });
    inFlight++;
    try {
      return await app.fetch(request, env);
    } finally {
      inFlight--;
    }
  },
  hostname: LOOPBACK,
  port,
});
const stop = async () => {
  server.close();
  await relay.stop();
  await stores.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
console.log(`API            http://${LOOPBACK}:${port}`);
console.log(`DynamoDB Local ${stores.dynamoEndpoint}`);
console.log(`SQS (fauxqs)   ${stores.sqsEndpoint}`);
