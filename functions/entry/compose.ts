import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AwsClients } from '../adapters/aws-clients.ts';
import { DynamoExchangeLog } from '../adapters/dynamo-exchange-log.ts';
import type { ResourceNames } from '../adapters/resources.ts';
import { storeHealthProbe } from '../adapters/store-health.ts';
import type { ParticipantRegistry } from '../core/participants.ts';
import { createApp } from '../http/app.ts';
import type { TokenVerifier } from '../http/auth/token-verifier.ts';
import type { AppEnv } from '../http/env.ts';
import type { Logger } from '../http/logger.ts';
import type { LocalIssuerOptions } from '../http/routes/local-issuer.ts';
import { swaggerUiAssets } from './docs-assets.ts';

export const VERSION = '0.1.0';

/** Everything a composed app runs on: store clients and names, logger, identity. */
export interface Runtime {
  clients: AwsClients;
  resources: ResourceNames;
  logger: Logger;
  registry: ParticipantRegistry;
  verify: TokenVerifier;
  tokenUrl: string;
}

/** Wires the adapters into the HTTP app; shared by the local server, the Lambda handlers and the tests. */
export function composeApp(runtime: Runtime, extras: { localIssuer?: LocalIssuerOptions } = {}): OpenAPIHono<AppEnv> {
  const exchangeLog = new DynamoExchangeLog(runtime.clients.doc, runtime.resources.tables.audit.name);
  return createApp({
    logger: runtime.logger,
    health: storeHealthProbe(runtime.clients, runtime.resources),
    readDocsAsset: swaggerUiAssets(),
    version: VERSION,
    auth: { verify: runtime.verify, registry: runtime.registry, exchangeLog },
    tokenUrl: runtime.tokenUrl,
    ...(extras.localIssuer ? { localIssuer: extras.localIssuer } : {}),
  });
}
