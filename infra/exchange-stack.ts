import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { resourceSpecs } from '../functions/adapters/resources.ts';
import { ParticipantRegistry, unroutableMunicipalities } from '../functions/core/participants.ts';
import { AUTHORITIES_FILE, loadRoutingTable, POLICY_FILE, repoRoutingDir } from '../functions/entry/routing-table-files.ts';
import { ExchangeAlarms } from './constructs/alarms.ts';
import { DataStores } from './constructs/data-stores.ts';
import { ExchangeFunctions } from './constructs/exchange-functions.ts';
import { grantLeastPrivilege } from './constructs/function-permissions.ts';
import { ExchangeHttpApi } from './constructs/http-api.ts';
import { stageSettings } from './stage-settings.ts';

export interface AuthSettings {
  issuer: string;
  jwksUrl: string;
  audience?: string | undefined;
  clientIdClaim: string;
  /**
   * The identity provider's token endpoint, shown in the OpenAPI document (`-c authTokenUrl=`). Without
   * it the document says `<issuer>/oauth2/token`, which is wrong for Cognito (the user pool's domain)
   * and Entra ID (`https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`).
   */
  tokenUrl?: string | undefined;
  /**
   * JOSE `typ` that access tokens must carry (`at+jwt`, RFC 9068 section 4) where the identity provider
   * sets it; unset by default because Amazon Cognito sets none (its tokens would all be refused).
   */
  requiredTokenType?: string | undefined;
  /** Largest accepted token age from `iat`, in seconds (60-604800); 86400 by default (a Cognito access token lives at most a day). */
  maxTokenAgeSeconds?: number | undefined;
}

/** Default of {@link AuthSettings.maxTokenAgeSeconds}, in seconds; the functions' own default is the same. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 86_400;

/**
 * The token settings as the functions read them (functions/entry/config.ts), checked at synth so that a
 * bad value fails `cdk synth`, not every request after a deploy.
 * @throws Error for a token type with spaces or a maximum age outside 60-604800 s.
 */
export function tokenEnvironment(auth: AuthSettings): Record<string, string> {
  const maxAge = auth.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge < 60 || maxAge > 604_800) {
    throw new Error(`Invalid authMaxTokenAgeSeconds ${maxAge}: a whole number of seconds from 60 to 604800`);
  }
  if (auth.requiredTokenType !== undefined && !/^[\x21-\x7e]+$/.test(auth.requiredTokenType)) {
    throw new Error(`Invalid authRequiredTokenType "${auth.requiredTokenType}": a media type such as at+jwt`);
  }
  return {
    AUTH_MAX_TOKEN_AGE_SECONDS: String(maxAge),
    ...(auth.requiredTokenType ? { AUTH_REQUIRED_TOKEN_TYPE: auth.requiredTokenType } : {}),
  };
}

export interface ExchangeStackProps extends StackProps {
  /** `dev`, `prod` or another name (stage-settings.ts): prod keeps its data and protects its tables. */
  stage: string;
  auth: AuthSettings;
  /** The participants registry to deploy (same format as the local one); validated at synth. */
  participantsFile: string;
  /** The deployment's routing overrides (format of data/routing/overrides.example.json); validated at synth. */
  routingOverridesFile?: string | undefined;
  /** Where alarms are mailed (`-c alarmEmail=`); the SNS topic exists without it. */
  alarmEmail?: string | undefined;
  /**
   * Changing it replaces every running instance of the functions, so that all of them read the key ring
   * again (the two steps of a key rotation, README "Rotating the key").
   */
  keyRingVersion?: string | undefined;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The deployed exchange (see README, "Deploying to AWS"): tables and queues from the same specs the
 * local stack uses, one Lambda per route group behind an HTTP API, the outbox relay on the data table's
 * stream and a schedule, the key ring in Secrets Manager, least-privilege roles and alarms. The local
 * token issuer is not part of it: no Lambda entry imports it.
 */
export class ExchangeStack extends Stack {
  constructor(scope: Construct, id: string, props: ExchangeStackProps) {
    super(scope, id, props);
    if (!props.auth.issuer || !props.auth.jwksUrl) {
      throw new Error('Set the identity provider: cdk deploy -c authIssuer=<issuer URL> -c authJwksUrl=<JWKS URL>');
    }
    if (props.auth.tokenUrl !== undefined && !URL.canParse(props.auth.tokenUrl)) {
      throw new Error(`-c authTokenUrl=${props.auth.tokenUrl} is not a URL: give the identity provider's token endpoint`);
    }
    const settings = stageSettings(props.stage);
    // A broken registry or routing table fails the synth, not the first request after a deploy.
    const participantsFile = resolve(root, props.participantsFile);
    const registry = ParticipantRegistry.parse(JSON.parse(readFileSync(participantsFile, 'utf8')));
    const overridesFile = props.routingOverridesFile ? resolve(root, props.routingOverridesFile) : undefined;
    const routing = loadRoutingTable({ overridesFile });
    // Not fatal (such a client gets 422 at intake), but an operator should see it; `cdk synth --strict` makes it fatal.
    for (const p of unroutableMunicipalities(registry, routing)) {
      Annotations.of(this).addWarningV2(
        `rueckkehr:unroutable-${p.clientId}`,
        `Participant ${p.clientId}: AGS ${p.organisation} is not in routing table ${routing.policyVersion}; its submissions will get 422 unknown-authority`,
      );
    }
    const prefix = `rueckkehr-${settings.stage}`;
    const stores = new DataStores(this, 'stores', { specs: resourceSpecs(prefix), settings });

    // The key ring (functions/entry/key-ring.ts): generated by Secrets Manager, read by the functions at cold
    // start, never in the template, the environment or the repository.
    const keyRing = new Secret(this, 'key-ring', {
      description: `Rückkehr-Exchange ${settings.stage}: key ring (cursors, body hashes, lease tokens)`,
      encryptionKey: stores.key,
      removalPolicy: settings.removalPolicy,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'current',
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
    });

    // Signs the exchange log's checkpoints; the private key never leaves KMS, only the sequencer may sign.
    const checkpointKey = new Key(this, 'checkpoint-key', {
      description: `Rückkehr-Exchange ${settings.stage}: exchange-log checkpoints (ES256)`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: settings.removalPolicy,
    });

    const metricsService = prefix;
    const { functions } = new ExchangeFunctions(this, 'functions', {
      settings,
      environment: {
        RESOURCE_PREFIX: prefix,
        LOG_LEVEL: 'INFO',
        POWERTOOLS_SERVICE_NAME: metricsService,
        AUTH_ISSUER: props.auth.issuer,
        AUTH_JWKS_URL: props.auth.jwksUrl,
        AUTH_CLIENT_ID_CLAIM: props.auth.clientIdClaim,
        ...tokenEnvironment(props.auth),
        PARTICIPANTS_FILE: 'participants.json',
        ROUTING_DIR: 'routing',
        KEY_RING_VERSION: props.keyRingVersion ?? '1',
        CHECKPOINT_KEY_ID: checkpointKey.keyArn,
        ...(overridesFile ? { ROUTING_OVERRIDES_FILE: 'routing-overrides.json' } : {}),
        ...(props.auth.audience ? { AUTH_AUDIENCE: props.auth.audience } : {}),
        ...(props.auth.tokenUrl ? { AUTH_TOKEN_URL: props.auth.tokenUrl } : {}),
      },
      // Only the functions that seal, hash or open something learn where the key ring is.
      extraEnvironment: Object.fromEntries(
        (['requests', 'centre-work', 'admin'] as const).map((name) => [name, { KEY_RING_SECRET_ID: keyRing.secretArn }]),
      ),
      files: {
        participantsFile,
        routingDir: repoRoutingDir(),
        routingFiles: [AUTHORITIES_FILE, POLICY_FILE],
        overridesFile,
      },
    });
    grantLeastPrivilege(functions, stores, keyRing, checkpointKey);
    new Rule(this, 'sequencer-schedule', {
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaTarget(functions.sequencer)],
    });

    // The relay: right after each committed outbox entry (the table's stream, outbox inserts only), and every minute.
    functions.relay.addEventSource(
      new DynamoEventSource(stores.data, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(0),
        retryAttempts: 2,
        bisectBatchOnError: true,
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { sk: { S: FilterRule.beginsWith('OUTBOX#') } } },
          }),
        ],
      }),
    );
    new Rule(this, 'relay-schedule', { schedule: Schedule.rate(Duration.minutes(1)), targets: [new LambdaTarget(functions.relay)] });

    const http = new ExchangeHttpApi(this, 'http', {
      name: prefix,
      functions: {
        requests: functions.requests,
        'centre-work': functions['centre-work'],
        admin: functions.admin,
        operations: functions.operations,
      },
    });
    new ExchangeAlarms(this, 'alarms', { stores, api: http.api, functions, metricsService, email: props.alarmEmail });
    new CfnOutput(this, 'KeyRingSecretArn', { value: keyRing.secretArn, description: 'The key ring secret (README, "Rotating the key")' });
  }
}
