import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { createAwsClients } from '../adapters/aws-clients.ts';
import { resourceSpecs } from '../adapters/resources.ts';
import { ParticipantRegistry } from '../core/participants.ts';
import { createTokenVerifier } from '../http/auth/token-verifier.ts';
import { createLogger } from '../http/logger.ts';
import { composeApp, type Runtime } from './compose.ts';
import { loadLambdaConfig } from './config.ts';
import { deriveKeys } from './keys.ts';
import { loadRoutingTable } from './routing-table-files.ts';

/**
 * The app as every Lambda function runs it: settings from the environment the stack sets, the
 * deployed participants registry, the identity provider's JWKS. It never mounts the local token issuer,
 * whatever the environment says: that code is not even imported here.
 */
export function createLambdaApp(env: Record<string, string | undefined>, codeDir = process.env.LAMBDA_TASK_ROOT ?? process.cwd()) {
  return composeApp(createLambdaRuntime(env, codeDir));
}

/** Settings, registry, routing table, identity provider and store clients of a Lambda function, from its environment. */
export function createLambdaRuntime(env: Record<string, string | undefined>, codeDir: string): Runtime {
  const config = loadLambdaConfig(env);
  const inCode = (file: string) => (isAbsolute(file) ? file : join(codeDir, file));
  const registry = ParticipantRegistry.parse(JSON.parse(readFileSync(inCode(config.PARTICIPANTS_FILE), 'utf8')));
  const routing = loadRoutingTable({
    dir: inCode(config.ROUTING_DIR),
    overridesFile: config.ROUTING_OVERRIDES_FILE && inCode(config.ROUTING_OVERRIDES_FILE),
  });
  const verify = createTokenVerifier({
    // Created once per cold start: jose caches the keys and refetches at most once per cooldown on an unknown kid.
    keys: createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    clientIdClaim: config.AUTH_CLIENT_ID_CLAIM,
    requiredType: config.AUTH_REQUIRED_TOKEN_TYPE,
    maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
    cache: { maxEntries: 10_000 },
  });
  return {
    clients: createAwsClients({ region: config.AWS_REGION }),
    resources: resourceSpecs(config.RESOURCE_PREFIX),
    logger: createLogger(config.LOG_LEVEL),
    registry,
    routing,
    verify,
    tokenUrl: config.AUTH_TOKEN_URL ?? `${config.AUTH_ISSUER.replace(/\/$/, '')}/oauth2/token`,
    keys: deriveKeys(new Uint8Array(Buffer.from(config.SERVER_SECRET, 'base64'))),
    retention: { afterIntakeDays: config.RETENTION_DAYS_AFTER_INTAKE, afterFinalDays: config.RETENTION_DAYS_AFTER_FINAL },
  };
}
