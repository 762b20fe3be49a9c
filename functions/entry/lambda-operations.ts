import { handle } from 'hono/aws-lambda';
import { createAwsClients } from '../adapters/aws-clients.ts';
import { resourceSpecs } from '../adapters/resources.ts';
import { createLogger } from '../http/logger.ts';
import { composeApp } from './compose.ts';
import { loadLambdaConfig } from './config.ts';

// Module scope: parsed and connected once per cold start, reused by every invocation.
const config = loadLambdaConfig();
const app = composeApp({
  clients: createAwsClients({ region: config.AWS_REGION }),
  resources: resourceSpecs(config.RESOURCE_PREFIX),
  logger: createLogger(config.LOG_LEVEL),
});

/** Health, OpenAPI document, API docs and problem types. */
export const handler = handle(app);
