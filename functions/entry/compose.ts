import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AwsClients } from '../adapters/aws-clients.ts';
import type { ResourceNames } from '../adapters/resources.ts';
import { storeHealthProbe } from '../adapters/store-health.ts';
import { createApp } from '../http/app.ts';
import type { Logger } from '../http/logger.ts';
import { swaggerUiAssets } from './docs-assets.ts';

export const VERSION = '0.1.0';

export interface Runtime {
  clients: AwsClients;
  resources: ResourceNames;
  logger: Logger;
}

/** Wires the adapters into the HTTP app; shared by the local server, the Lambda handlers and the tests. */
export function composeApp(runtime: Runtime): OpenAPIHono {
  return createApp({
    logger: runtime.logger,
    health: storeHealthProbe(runtime.clients, runtime.resources),
    readDocsAsset: swaggerUiAssets(),
    version: VERSION,
  });
}
