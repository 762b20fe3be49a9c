import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../adapters/aws-clients.ts';
import { ensureResources } from '../../adapters/provision.ts';
import { resourceSpecs } from '../../adapters/resources.ts';
import { createLogger } from '../../http/logger.ts';
import { localIssuerRoutes } from '../../http/routes/local-issuer.ts';
import { loadOrCreateLocalCheckpointKeys } from '../checkpoint-keys.ts';
import { backgroundPass, composeApp, composeServices, LOCAL_RELAY_MIN_AGE_MS, type Runtime } from '../compose.ts';
import { ConfigError, loadLocalConfig } from '../config.ts';
import { deriveKeys } from '../keys.ts';
import { loadRoutingTable } from '../routing-table-files.ts';
import { serveApp } from './http-server.ts';
import { loadOrCreateIssuerKey } from './issuer-key.ts';
import { JavaMissingError } from './java.ts';
import { createLocalAuth } from './local-auth.ts';
import { LOOPBACK, type LocalStores, startLocalStores } from './local-stores.ts';
import { assertNodeVersion } from './node-version.ts';
import { killStaleProcess } from './pid-file.ts';
import { startRelay } from './relay-timer.ts';
import { loadOrCreateServerSecret } from './server-secret.ts';
import { removeStackUrl, writeStackUrl } from './stack-url.ts';

/** The prefix of the local stack's tables and queues. */
export const LOCAL_PREFIX = 'rueckkehr-local';

function listen(server: ServerType): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('listening', () => resolvePromise());
    server.once('error', reject);
  });
}

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  return [`┌${rule}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${rule}┘`].join('\n');
}

/** `npm start`: the local stores, the tables and queues, and the API, in one foreground process tree. */
async function main(argv: string[]): Promise<void> {
  assertNodeVersion();
  const config = loadLocalConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const dataDir = resolve(config.DATA_DIR);
  const pidFile = join(dataDir, 'dynamodb-local.pid');
  if (argv.includes('--fresh')) {
    // End a crashed start's DynamoDB Local before its data (and the pid file naming it) go.
    killStaleProcess(pidFile);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });

  let stores: LocalStores | undefined;
  let server: ServerType | undefined;
  let relay: { stop(): Promise<void> } | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server?.close();
    removeStackUrl(dataDir);
    await relay?.stop();
    await stores?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    stores = await startLocalStores({ dataDir, pidFile });
    const clients = createAwsClients({ region: LOCAL_REGION, local: stores });
    const resources = resourceSpecs(LOCAL_PREFIX);
    await ensureResources(clients, resources);
    const key = await loadOrCreateIssuerKey(dataDir);
    const auth = createLocalAuth({ baseUrl: `http://${LOOPBACK}:${config.PORT}`, key, clientSecret: config.DEV_CLIENT_SECRET });
    const runtime: Runtime = {
      clients,
      resources,
      logger,
      ...auth,
      routing: loadRoutingTable({ overridesFile: config.ROUTING_OVERRIDES_FILE }),
      keys: deriveKeys(loadOrCreateServerSecret(dataDir, config.SERVER_SECRET)),
      retention: { afterIntakeDays: config.RETENTION_DAYS_AFTER_INTAKE, afterFinalDays: config.RETENTION_DAYS_AFTER_FINAL },
      rateLimit: { limit: config.RATE_LIMIT_PER_WINDOW, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
      checkpoints: loadOrCreateLocalCheckpointKeys(dataDir),
    };
    const services = composeServices(runtime);
    const app = composeApp(runtime, [localIssuerRoutes(auth.localIssuer)], services);
    // Locally the timer also runs the exchange log's sequencer (on AWS it is a scheduled function of its own).
    relay = startRelay(
      () => backgroundPass(services, { sequence: true, relayMinAgeMs: LOCAL_RELAY_MIN_AGE_MS }),
      config.RELAY_INTERVAL_MS,
      logger,
    );
    server = serveApp(app.fetch, { hostname: LOOPBACK, port: config.PORT });
    await listen(server).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new ConfigError(`Port ${config.PORT} is in use: stop the other program or start with PORT=<free port>.`)
        : error;
    });
    process.once('exit', () => destroyAwsClients(clients));
    writeStackUrl(dataDir, `http://${LOOPBACK}:${config.PORT}`);
  } catch (error) {
    const known = error instanceof JavaMissingError || error instanceof ConfigError;
    console.error(known ? (error as Error).message : `Start-up failed: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }

  const base = `http://${LOOPBACK}:${config.PORT}`;
  console.log(
    banner([
      'Rückkehr-Exchange is running (local stack)',
      '',
      `API            ${base}`,
      `API docs       ${base}/docs`,
      `OpenAPI        ${base}/openapi.json`,
      `Health         ${base}/health`,
      `Admin page     ${base}/admin  (client admin)`,
      `Tokens         ${base}/oauth/token  (npm run token -- <client id>)`,
      `DynamoDB Local ${stores.dynamoEndpoint}`,
      `SQS (fauxqs)   ${stores.sqsEndpoint}`,
      `Data           ${config.DATA_DIR}/ (npm start -- --fresh starts empty)`,
      '',
      `Demo clients (secret ${config.DEV_CLIENT_SECRET === 'dev-secret' ? 'dev-secret' : 'from DEV_CLIENT_SECRET'}):`,
      '  abh-<AGS> for every authority, e.g. abh-03101 Stadt Braunschweig,',
      '  abh-03404 Stadt Osnabrück, abh-03459 Landkreis Osnabrück, abh-03241 Region Hannover',
      '  centre-braunschweig, centre-osnabrueck, admin',
      '',
      'Press Ctrl-C to stop everything.',
    ]),
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A bad setting or an old Node is the user's to fix: say it in their terms, without a stack.
  console.error(error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error).message}`);
  process.exit(1);
});
