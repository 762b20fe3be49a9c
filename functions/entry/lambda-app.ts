import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { createAwsClients } from '../adapters/aws-clients.ts';
import { resourceSpecs } from '../adapters/resources.ts';
import { secretJsonReader } from '../adapters/secrets-key-ring.ts';
import { ParticipantRegistry } from '../core/participants.ts';
import type { Metrics } from '../core/ports/metrics.ts';
import type { RouteGroup } from '../core/route-groups.ts';
import { createTokenVerifier } from '../http/auth/token-verifier.ts';
import { createLogger } from '../http/logger.ts';
import { kmsCheckpointKeys } from './checkpoint-keys.ts';
import { composeApp, type Runtime } from './compose.ts';
import { ConfigError, type LambdaConfig, loadLambdaConfig } from './config.ts';
import { type KeyRing, parseKeyRing } from './key-ring.ts';
import { loadRoutingTable } from './routing-table-files.ts';

export interface LambdaAppOptions {
  /** The route group of the function (its guard refuses the other groups' routes). */
  routeGroup: RouteGroup;
  metrics?: Metrics;
  /** Where the registry and routing table were deployed; the function's code folder by default. */
  codeDir?: string;
  /** The key ring, when the caller has it already (tests); else read from Secrets Manager. */
  keyRing?: KeyRing;
}

/**
 * The app as a Lambda function runs it: settings from the environment the stack sets, the key ring
 * from Secrets Manager, the deployed participants registry, the identity provider's JWKS. It never
 * mounts the local token issuer, whatever the environment says: that code is not even imported here.
 * @throws ConfigError for a setting or key ring that does not validate, or whatever Secrets Manager throws.
 */
export async function createLambdaApp(env: Record<string, string | undefined>, options: LambdaAppOptions) {
  const config = loadLambdaConfig(env);
  const keyRing = options.keyRing ?? (await readKeyRing(config));
  const codeDir = options.codeDir ?? env.LAMBDA_TASK_ROOT ?? process.cwd();
  return composeApp(createLambdaRuntime(config, codeDir, keyRing, options));
}

/** The key ring named by KEY_RING_SECRET_ID, read once per cold start through Powertools Parameters. */
export async function readKeyRing(config: LambdaConfig): Promise<KeyRing> {
  if (!config.KEY_RING_SECRET_ID) throw new ConfigError('Invalid configuration: KEY_RING_SECRET_ID: required by this function');
  return parseKeyRing(await secretJsonReader(config.AWS_REGION)(config.KEY_RING_SECRET_ID));
}

/** Settings, registry, routing table, identity provider and store clients of a Lambda function. */
export function createLambdaRuntime(
  config: LambdaConfig,
  codeDir: string,
  keyRing: KeyRing,
  options: { routeGroup?: RouteGroup; metrics?: Metrics; signCheckpoints?: boolean } = {},
): Runtime {
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
    logger: createLogger(config.LOG_LEVEL, config.POWERTOOLS_SERVICE_NAME),
    registry,
    routing,
    verify,
    tokenUrl: config.AUTH_TOKEN_URL ?? `${config.AUTH_ISSUER.replace(/\/$/, '')}/oauth2/token`,
    keys: keyRing.current,
    previousKeys: keyRing.previous,
    retention: { afterIntakeDays: config.RETENTION_DAYS_AFTER_INTAKE, afterFinalDays: config.RETENTION_DAYS_AFTER_FINAL },
    rateLimit: { limit: config.RATE_LIMIT_PER_WINDOW, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
    ...(options.routeGroup ? { routeGroup: options.routeGroup } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    checkpoints: kmsCheckpointKeys({ region: config.AWS_REGION, keyId: config.CHECKPOINT_KEY_ID, sign: options.signCheckpoints === true }),
  };
}
