import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRemoteJWKSet } from 'jose';
import { createAwsClients } from '../adapters/aws-clients.ts';
import { resourceSpecs } from '../adapters/resources.ts';
import { ParticipantRegistry } from '../core/participants.ts';
import type { Metrics } from '../core/ports/metrics.ts';
import type { RouteGroup } from '../core/route-groups.ts';
import { createTokenVerifier } from '../http/auth/token-verifier.ts';
import type { AppEnv } from '../http/env.ts';
import { createLogger } from '../http/logger.ts';
import { kmsCheckpointKeys } from './checkpoint-keys.ts';
import { type LambdaConfig, loadLambdaConfig } from './config.ts';
import { type KeyRing, throwawayKeyRing } from './key-ring.ts';
import type { BaseRuntime } from './runtime.ts';

/** What a route group's composer gets besides the runtime: the settings and where the deployed files are. */
export interface LambdaContext {
  config: LambdaConfig;
  /** Resolves a deployed file's setting (relative to the function's code folder). */
  inCode: (file: string) => string;
}

/** Builds one route group's app (functions/entry/group-apps/); it imports only that group's routes. */
export type GroupComposer = (runtime: BaseRuntime, context: LambdaContext) => OpenAPIHono<AppEnv>;

export interface LambdaAppOptions {
  /** The route group of the function (its guard refuses the other groups' routes). */
  routeGroup: RouteGroup;
  compose: GroupComposer;
  metrics?: Metrics;
  /** Where the registry and routing table were deployed; the function's code folder by default. */
  codeDir?: string;
  /** The key ring, when the caller has it already (tests). */
  keyRing?: KeyRing;
  /** Reads the key ring (functions/entry/key-ring-secret.ts); a group that seals nothing has none and gets a throwaway ring. */
  readKeyRing?: (config: LambdaConfig) => Promise<KeyRing>;
  /** Whether the group verifies exchange-log checkpoints (admin): it then gets the KMS key's public key, loaded on first use. */
  verifiesCheckpoints?: boolean;
}

/**
 * The app of one route group as its Lambda function runs it: settings from the environment the stack
 * sets, the key ring from Secrets Manager (groups that use keys), the deployed participants registry,
 * the identity provider's JWKS. It never mounts the local token issuer: that code is not imported here.
 * @throws ConfigError for a setting or key ring that does not validate, or whatever Secrets Manager throws.
 */
export async function createLambdaApp(env: Record<string, string | undefined>, options: LambdaAppOptions): Promise<OpenAPIHono<AppEnv>> {
  const config = loadLambdaConfig(env);
  const keyRing = options.keyRing ?? (options.readKeyRing ? await options.readKeyRing(config) : throwawayKeyRing());
  const codeDir = options.codeDir ?? env.LAMBDA_TASK_ROOT ?? process.cwd();
  const runtime = createLambdaRuntime(config, codeDir, keyRing, {
    routeGroup: options.routeGroup,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    checkpoints: options.verifiesCheckpoints ? 'verify' : 'none',
  });
  return options.compose(runtime, { config, inCode: inCodeDir(codeDir) });
}

const inCodeDir = (codeDir: string) => (file: string) => (isAbsolute(file) ? file : join(codeDir, file));

/**
 * Settings, registry, identity provider and store clients of a Lambda function. The routing table is
 * not part of it: only intake loads it (group-apps/requests-app.ts). Checkpoint keys (KMS) only where
 * asked for: `verify` (admin), `sign` (the sequencer).
 */
export function createLambdaRuntime(
  config: LambdaConfig,
  codeDir: string,
  keyRing: KeyRing,
  options: { routeGroup?: RouteGroup; metrics?: Metrics; checkpoints?: 'none' | 'verify' | 'sign' } = {},
): BaseRuntime {
  const inCode = inCodeDir(codeDir);
  const registry = ParticipantRegistry.parse(JSON.parse(readFileSync(inCode(config.PARTICIPANTS_FILE), 'utf8')));
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
  const checkpoints = options.checkpoints ?? 'none';
  return {
    clients: createAwsClients({ region: config.AWS_REGION }),
    resources: resourceSpecs(config.RESOURCE_PREFIX),
    logger: createLogger(config.LOG_LEVEL, config.POWERTOOLS_SERVICE_NAME),
    registry,
    verify,
    tokenUrl: config.AUTH_TOKEN_URL ?? `${config.AUTH_ISSUER.replace(/\/$/, '')}/oauth2/token`,
    keys: keyRing.current,
    previousKeys: keyRing.previous,
    retention: { afterIntakeDays: config.RETENTION_DAYS_AFTER_INTAKE, afterFinalDays: config.RETENTION_DAYS_AFTER_FINAL },
    rateLimit: { limit: config.RATE_LIMIT_PER_WINDOW, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
    ...(options.routeGroup ? { routeGroup: options.routeGroup } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(checkpoints === 'none'
      ? {}
      : { checkpoints: kmsCheckpointKeys({ region: config.AWS_REGION, keyId: config.CHECKPOINT_KEY_ID, sign: checkpoints === 'sign' }) }),
  };
}
