import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { type DeadLetterQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { resourceSpecs, type TableSpec } from '../functions/adapters/resources.ts';
import { ParticipantRegistry, unroutableMunicipalities } from '../functions/core/participants.ts';
import { AUTHORITIES_FILE, loadRoutingTable, POLICY_FILE, repoRoutingDir } from '../functions/entry/routing-table-files.ts';

export interface AuthSettings {
  issuer: string;
  jwksUrl: string;
  audience?: string | undefined;
  clientIdClaim: string;
}

export interface ExchangeStackProps extends StackProps {
  stage: string;
  auth: AuthSettings;
  /** The participants registry to deploy (same format as the local one); validated at synth. */
  participantsFile: string;
  /** The deployment's routing overrides (format of data/routing/overrides.example.json); validated at synth. */
  routingOverridesFile?: string | undefined;
}

const root = fileURLToPath(new URL('..', import.meta.url));

function table(scope: Construct, spec: TableSpec): TableV2 {
  return new TableV2(scope, `${spec.id}-table`, {
    tableName: spec.name,
    partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
    sortKey: { name: spec.sortKey, type: AttributeType.STRING },
    billing: Billing.onDemand(),
    encryption: TableEncryptionV2.awsManagedKey(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
    globalSecondaryIndexes: spec.globalIndexes.map((index) => ({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
    })),
  });
}

/**
 * The deployed exchange: tables and queues from the same specs the local stack uses, one Lambda per
 * route group behind an HTTP API. The local token issuer is not part of it: no Lambda entry mounts it.
 */
export class ExchangeStack extends Stack {
  constructor(scope: Construct, id: string, props: ExchangeStackProps) {
    super(scope, id, props);
    if (!props.auth.issuer || !props.auth.jwksUrl) {
      throw new Error('Set the identity provider: cdk deploy -c authIssuer=<issuer URL> -c authJwksUrl=<JWKS URL>');
    }
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
    const routingDir = repoRoutingDir();
    const prefix = `rueckkehr-${props.stage}`;
    const specs = resourceSpecs(prefix);

    const tables = { data: table(this, specs.tables.data), audit: table(this, specs.tables.audit) };
    const deadLetterQueues: Queue[] = [];
    const queues = Object.values(specs.queues).map((spec) => {
      const deadLetterQueue = new Queue(this, `${spec.centre}-dlq`, {
        queueName: spec.deadLetterName,
        fifo: true,
        retentionPeriod: Duration.seconds(spec.retentionSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      deadLetterQueues.push(deadLetterQueue);
      const deadLetter: DeadLetterQueue = { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount };
      return new Queue(this, `${spec.centre}-queue`, {
        queueName: spec.name,
        fifo: true,
        contentBasedDeduplication: false,
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.seconds(spec.retentionSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: deadLetter,
      });
    });

    // The server secret (cursor sealing, payload-hash keys) is generated by Secrets Manager, never in the repo.
    const serverSecret = new Secret(this, 'server-secret', {
      description: 'Rückkehr-Exchange server key material (base64)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });

    // Signs the exchange log's checkpoints; the private key never leaves KMS, only the sequencer may sign.
    const checkpointKey = new Key(this, 'checkpoint-key', {
      description: 'Rückkehr-Exchange exchange-log checkpoints (ES256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const environment: Record<string, string> = {
      // Resolved by CloudFormation at deploy time; readable only to those who can read the function's configuration.
      SERVER_SECRET: serverSecret.secretValue.unsafeUnwrap(),
      RESOURCE_PREFIX: prefix,
      CHECKPOINT_KEY_ID: checkpointKey.keyArn,
      LOG_LEVEL: 'INFO',
      AUTH_ISSUER: props.auth.issuer,
      AUTH_JWKS_URL: props.auth.jwksUrl,
      AUTH_CLIENT_ID_CLAIM: props.auth.clientIdClaim,
      PARTICIPANTS_FILE: 'participants.json',
      ROUTING_DIR: 'routing',
      ...(overridesFile ? { ROUTING_OVERRIDES_FILE: 'routing-overrides.json' } : {}),
      ...(props.auth.audience ? { AUTH_AUDIENCE: props.auth.audience } : {}),
    };

    const lambda = (name: string, entry: string, overrides: Partial<NodejsFunctionProps> = {}) =>
      new NodejsFunction(this, `${name}-function`, {
        entry: `${root}functions/entry/${entry}`,
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: 512,
        timeout: Duration.seconds(29),
        environment,
        logGroup: new LogGroup(this, `${name}-logs`, { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.DESTROY }),
        bundling: {
          format: OutputFormat.ESM,
          target: 'node24',
          minify: true,
          sourceMap: true,
          banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
          // jsonc-parser's main entry is a UMD wrapper whose requires a bundle cannot follow; its ESM build can be.
          esbuildArgs: { '--alias:jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            // The API docs page serves Swagger UI from the package's files, so they travel with the code.
            afterBundling: (inputDir: string, outputDir: string) => [
              `cp ${participantsFile} ${outputDir}/participants.json`,
              `mkdir -p ${outputDir}/routing`,
              `cp ${join(routingDir, AUTHORITIES_FILE)} ${join(routingDir, POLICY_FILE)} ${outputDir}/routing/`,
              ...(overridesFile ? [`cp ${overridesFile} ${outputDir}/routing-overrides.json`] : []),
              `mkdir -p ${outputDir}/node_modules/swagger-ui-dist`,
              `cp ${inputDir}/node_modules/swagger-ui-dist/package.json ${inputDir}/node_modules/swagger-ui-dist/swagger-ui.css ${inputDir}/node_modules/swagger-ui-dist/swagger-ui-bundle.js ${outputDir}/node_modules/swagger-ui-dist/`,
            ],
          },
        },
        ...overrides,
      });

    const operations = lambda('operations', 'lambda-operations.ts');
    tables.data.grantReadData(operations);
    for (const queue of queues) queue.grant(operations, 'sqs:GetQueueUrl');

    // Requests: reads and writes requests, appends to the log, sends to the centres' queues; the centres'
    // leases consume them; administrators read their depths and redrive their dead-letter queues.
    const requests = lambda('requests', 'lambda-requests.ts');
    tables.data.grantReadWriteData(requests);
    tables.audit.grantReadWriteData(requests);
    checkpointKey.grant(requests, 'kms:GetPublicKey');
    for (const queue of [...queues, ...deadLetterQueues]) {
      queue.grantSendMessages(requests);
      queue.grantConsumeMessages(requests);
      queue.grant(requests, 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes');
    }

    // The outbox relay: one at a time, every minute.
    const relay = lambda('relay', 'lambda-relay.ts', { reservedConcurrentExecutions: 1, timeout: Duration.minutes(2) });
    tables.data.grantReadWriteData(relay);
    for (const queue of queues) queue.grantSendMessages(relay);
    for (const queue of queues) queue.grant(relay, 'sqs:GetQueueUrl');
    new Rule(this, 'relay-schedule', { schedule: Schedule.rate(Duration.minutes(1)), targets: [new LambdaFunction(relay)] });
    tables.audit.grantWriteData(relay);

    // The exchange log's one sequencer: chains unsequenced entries and signs checkpoints, every minute.
    const sequencer = lambda('sequencer', 'lambda-sequencer.ts', { reservedConcurrentExecutions: 1, timeout: Duration.minutes(2) });
    tables.audit.grantReadWriteData(sequencer);
    checkpointKey.grant(sequencer, 'kms:Sign', 'kms:GetPublicKey');
    new Rule(this, 'sequencer-schedule', { schedule: Schedule.rate(Duration.minutes(1)), targets: [new LambdaFunction(sequencer)] });

    const api = new HttpApi(this, 'http-api', { apiName: prefix, createDefaultStage: true });
    const operationsIntegration = new HttpLambdaIntegration('operations-integration', operations);
    for (const path of ['/health', '/openapi.json', '/docs', '/docs/{asset}', '/problems/{kind}', '/admin', '/admin/{asset}']) {
      api.addRoutes({ path, methods: [HttpMethod.GET], integration: operationsIntegration });
    }

    const requestsIntegration = new HttpLambdaIntegration('requests-integration', requests);
    api.addRoutes({ path: '/v1/routing-table', methods: [HttpMethod.GET], integration: requestsIntegration });
    for (const resource of ['cases', 'consultations']) {
      for (const path of [`/v1/${resource}`, `/v1/${resource}/{proxy+}`]) {
        api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration: requestsIntegration });
      }
    }
    for (const path of ['/v1/centres/{proxy+}', '/v1/admin/{proxy+}', '/v1/audit', '/v1/audit/{proxy+}', '/v1/events']) {
      api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration: requestsIntegration });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
  }
}
