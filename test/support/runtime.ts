import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../functions/adapters/provision.ts';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { composeApp, type Runtime } from '../../functions/entry/compose.ts';
import { createLogger } from '../../functions/http/logger.ts';

/** Endpoints of the stores the global setup started. */
export function testStores() {
  return inject('stores');
}

/**
 * A runtime on the shared local stores with tables and queues of its own (a random prefix), so test
 * files never see each other's data or messages.
 */
export async function createTestRuntime(): Promise<Runtime> {
  const clients = createAwsClients({ region: LOCAL_REGION, local: testStores() });
  const resources = resourceSpecs(`t${randomBytes(4).toString('hex')}`);
  await ensureResources(clients, resources);
  return { clients, resources, logger: createLogger('SILENT') };
}

export async function createTestApp() {
  const runtime = await createTestRuntime();
  return { runtime, app: composeApp(runtime) };
}
