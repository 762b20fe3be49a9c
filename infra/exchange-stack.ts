import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type DeadLetterQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { resourceSpecs, type TableSpec } from '../functions/adapters/resources.ts';
import { ParticipantRegistry } from '../functions/core/participants.ts';
import { routingTable } from '../functions/core/routing/routing-table.ts';

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
    // A broken registry fails the synth, not the first request after a deploy.
    const participantsFile = resolve(root, props.participantsFile);
    ParticipantRegistry.parse(JSON.parse(readFileSync(participantsFile, 'utf8')), routingTable);
    const prefix = `rueckkehr-${props.stage}`;
    const specs = resourceSpecs(prefix);

    const tables = { data: table(this, specs.tables.data), audit: table(this, specs.tables.audit) };
    const queues = Object.values(specs.queues).map((spec) => {
      const deadLetterQueue = new Queue(this, `${spec.centre}-dlq`, {
        queueName: spec.deadLetterName,
        fifo: true,
        retentionPeriod: Duration.seconds(spec.retentionSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
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

    const environment: Record<string, string> = {
      RESOURCE_PREFIX: prefix,
      LOG_LEVEL: 'INFO',
      AUTH_ISSUER: props.auth.issuer,
      AUTH_JWKS_URL: props.auth.jwksUrl,
      AUTH_CLIENT_ID_CLAIM: props.auth.clientIdClaim,
      PARTICIPANTS_FILE: 'participants.json',
      ...(props.auth.audience ? { AUTH_AUDIENCE: props.auth.audience } : {}),
    };

    const lambda = (name: string, entry: string) =>
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
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            // The API docs page serves Swagger UI from the package's files, so they travel with the code.
            afterBundling: (inputDir: string, outputDir: string) => [
              `cp ${participantsFile} ${outputDir}/participants.json`,
              `mkdir -p ${outputDir}/node_modules/swagger-ui-dist`,
              `cp ${inputDir}/node_modules/swagger-ui-dist/package.json ${inputDir}/node_modules/swagger-ui-dist/swagger-ui.css ${inputDir}/node_modules/swagger-ui-dist/swagger-ui-bundle.js ${outputDir}/node_modules/swagger-ui-dist/`,
            ],
          },
        },
      });

    const operations = lambda('operations', 'lambda-operations.ts');
    tables.data.grantReadData(operations);
    for (const queue of queues) queue.grant(operations, 'sqs:GetQueueUrl');

    const api = new HttpApi(this, 'http-api', { apiName: prefix, createDefaultStage: true });
    const operationsIntegration = new HttpLambdaIntegration('operations-integration', operations);
    for (const path of ['/health', '/openapi.json', '/docs', '/docs/{asset}', '/problems/{kind}']) {
      api.addRoutes({ path, methods: [HttpMethod.GET], integration: operationsIntegration });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
  }
}
