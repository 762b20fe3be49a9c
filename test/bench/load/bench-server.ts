import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createAwsClients, LOCAL_REGION } from '../../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../../functions/adapters/provision.ts';
import { resourceSpecs } from '../../../functions/adapters/resources.ts';
import { backgroundPass, composeApp, composeServices } from '../../../functions/entry/compose.ts';
import { deriveKeys } from '../../../functions/entry/keys.ts';
import { loadOrCreateIssuerKey } from '../../../functions/entry/local/issuer-key.ts';
import { createLocalAuth } from '../../../functions/entry/local/local-auth.ts';
import { LOOPBACK, startLocalStores } from '../../../functions/entry/local/local-stores.ts';
import { startRelay } from '../../../functions/entry/local/relay-timer.ts';
import { loadRoutingTable } from '../../../functions/entry/routing-table-files.ts';
import { createLogger } from '../../../functions/http/logger.ts';
import { localIssuerRoutes } from '../../../functions/http/routes/local-issuer.ts';

/**
 * The benchmark's server process: the local stack of `npm start`, composed the same way (API, token
 * issuer, relay timer, tables and queues named `rueckkehr-local-*`), but with DynamoDB Local in memory.
 * On disk, DynamoDB Local's own writes dominate every figure and hide what the API itself costs.
 * Prints the banner lines that test/support/local-stack-process.ts reads. Stops on SIGINT/SIGTERM.
 */
const dataDir = process.env.DATA_DIR ?? '.';
const port = Number(process.env.PORT ?? 3000);
const stores = await startLocalStores({ pidFile: join(dataDir, 'dynamodb-local.pid') });
const clients = createAwsClients({ region: LOCAL_REGION, local: stores });
const resources = resourceSpecs('rueckkehr-local');
await ensureResources(clients, resources);
const logger = createLogger('ERROR');
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
};
const services = composeServices(runtime);
const app = composeApp(runtime, [localIssuerRoutes(auth.localIssuer)], services);
const relay = startRelay(() => backgroundPass(services), 2000, logger);
const server = serve({ fetch: app.fetch, hostname: LOOPBACK, port });
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
