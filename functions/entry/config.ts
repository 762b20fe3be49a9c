import { z } from 'zod';

/** Thrown when the environment does not describe a runnable configuration; names the setting. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const logLevel = z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO');
const nonEmpty = z.string().trim().min(1);

const authSettings = {
  /** Expected `iss` of access tokens. */
  AUTH_ISSUER: nonEmpty,
  /** Where the identity provider publishes its signing keys. */
  AUTH_JWKS_URL: z.url(),
  /** Expected `aud`; leave unset for providers whose client-credentials tokens carry none (Amazon Cognito). */
  AUTH_AUDIENCE: nonEmpty.optional(),
  /** The claim that names the calling client: `client_id` (Cognito, the local issuer) or e.g. `azp`/`appid` (Entra ID). */
  AUTH_CLIENT_ID_CLAIM: nonEmpty.default('client_id'),
  /** JOSE `typ` that access tokens must carry, e.g. `at+jwt` (RFC 9068); unset for providers that set none (Amazon Cognito). */
  AUTH_REQUIRED_TOKEN_TYPE: nonEmpty.optional(),
  /** Largest accepted token age from `iat`, in seconds (Cognito access tokens live at most 1 day); `iat` is then required. */
  AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().min(60).max(604_800).default(86_400),
};

/** The per-client rate limit (CONTRACT.md: 429 with Retry-After), counted in the data table across processes. */
const rateLimitSettings = {
  /** Requests one client may make per window. */
  RATE_LIMIT_PER_WINDOW: z.coerce.number().int().min(1).default(600),
  /** Length of the window in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
};

const retentionSettings = {
  /** Days personal data is kept after intake, whatever happens to the request. */
  RETENTION_DAYS_AFTER_INTAKE: z.coerce.number().int().min(1).max(3650).default(365),
  /** Days personal data is kept once the request is final (completed, departed, closed, withdrawn), if that comes first. */
  RETENTION_DAYS_AFTER_FINAL: z.coerce.number().int().min(0).max(3650).default(30),
};

/** At least 32 bytes, base64: the server key from which cursor and payload-hash keys are derived. */
const serverSecret = z.string().refine((value) => Buffer.from(value, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded');

const localSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: nonEmpty.default('.data'),
  LOG_LEVEL: logLevel,
  /** The secret of every demo client of the local token issuer (a documented local dev secret). */
  DEV_CLIENT_SECRET: nonEmpty.default('dev-secret'),
  /** Overrides the server secret generated at first start under DATA_DIR. */
  SERVER_SECRET: serverSecret.optional(),
  /** A deployment's routing overrides (JSON, see data/routing/README.md); none by default. */
  ROUTING_OVERRIDES_FILE: nonEmpty.optional(),
  /** How often the outbox relay looks for messages whose direct send failed. */
  RELAY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  ...retentionSettings,
  ...rateLimitSettings,
});

const lambdaSchema = z.object({
  AWS_REGION: nonEmpty,
  RESOURCE_PREFIX: nonEmpty,
  /** The participants registry deployed with the code (the CDK stack copies it into the bundle). */
  PARTICIPANTS_FILE: nonEmpty.default('participants.json'),
  /** The routing table's folder deployed with the code (the CDK stack copies data/routing into the bundle). */
  ROUTING_DIR: nonEmpty.default('routing'),
  /** The deployment's routing overrides, deployed with the code when the stack is given one. */
  ROUTING_OVERRIDES_FILE: nonEmpty.optional(),
  /** The identity provider's token endpoint, shown in the OpenAPI document. */
  AUTH_TOKEN_URL: z.url().optional(),
  LOG_LEVEL: logLevel,
  /**
   * The Secrets Manager secret (name or ARN) that holds the key ring (functions/entry/key-ring.ts). Its
   * value is read at cold start and never placed in the environment. The relay needs no key and has none.
   */
  KEY_RING_SECRET_ID: nonEmpty.optional(),
  /** Names the deployment in the logs and in the `service` dimension of every metric. */
  POWERTOOLS_SERVICE_NAME: nonEmpty.default('rueckkehr-exchange'),
  /** How long the relay (on the stream and on the schedule) leaves a committed outbox entry to the direct send, in ms. */
  RELAY_STREAM_GRACE_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
  /** The KMS key (ECC_NIST_P256) that signs the exchange log's checkpoints; every function verifies with its public key. */
  CHECKPOINT_KEY_ID: nonEmpty,
  ...retentionSettings,
  ...rateLimitSettings,
  ...authSettings,
});

export type LocalConfig = z.infer<typeof localSchema>;
export type LambdaConfig = z.infer<typeof lambdaSchema>;

function parse<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Settings of the local stack (`npm start`), from the environment. */
export function loadLocalConfig(env: Record<string, string | undefined> = process.env): LocalConfig {
  return parse(localSchema, env);
}

/** Settings of a deployed Lambda function, from the environment the CDK stack sets. */
export function loadLambdaConfig(env: Record<string, string | undefined> = process.env): LambdaConfig {
  return parse(lambdaSchema, env);
}
