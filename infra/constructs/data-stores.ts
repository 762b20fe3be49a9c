import { Duration } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResourceNames, TableSpec } from '../../functions/adapters/resources.ts';
import type { Centre } from '../../functions/core/centres.ts';
import type { StageSettings } from '../stage-settings.ts';

export interface CentreQueues {
  queue: Queue;
  deadLetterQueue: Queue;
}

/**
 * The stores of the exchange, from the same specs the local stack creates (functions/adapters/resources.ts):
 * the data and audit tables (on demand, point-in-time recovery, TTL, deletion protection in production)
 * and per centre a FIFO queue with a FIFO dead-letter queue (14 days, redrive after the spec's receive
 * count). All of it is encrypted under one customer-managed KMS key with yearly rotation, so that the
 * key policy, not only IAM, says who can ever read the data, and disabling the key cuts access at once.
 */
export class DataStores extends Construct {
  readonly key: Key;
  readonly data: TableV2;
  readonly audit: TableV2;
  readonly queues: Record<Centre, CentreQueues>;

  constructor(scope: Construct, id: string, props: { specs: ResourceNames; settings: StageSettings }) {
    super(scope, id);
    const { specs, settings } = props;
    this.key = new Key(this, 'key', {
      description: `Rückkehr-Exchange ${settings.stage}: tables, queues and the key ring secret`,
      enableKeyRotation: true,
      removalPolicy: settings.removalPolicy,
      pendingWindow: Duration.days(30),
    });
    // Keys only: the relay learns which subject has a new outbox entry; no item content (personal data) enters the stream.
    this.data = this.#table(specs.tables.data, settings, StreamViewType.KEYS_ONLY);
    this.audit = this.#table(specs.tables.audit, settings);
    this.queues = Object.fromEntries(
      Object.values(specs.queues).map((spec) => {
        const deadLetterQueue = new Queue(this, `${spec.centre}-dlq`, {
          queueName: spec.deadLetterName,
          fifo: true,
          retentionPeriod: Duration.seconds(spec.retentionSeconds),
          encryption: QueueEncryption.KMS,
          encryptionMasterKey: this.key,
          enforceSSL: true,
          removalPolicy: settings.removalPolicy,
        });
        const queue = new Queue(this, `${spec.centre}-queue`, {
          queueName: spec.name,
          fifo: true,
          contentBasedDeduplication: false,
          visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
          retentionPeriod: Duration.seconds(spec.retentionSeconds),
          encryption: QueueEncryption.KMS,
          encryptionMasterKey: this.key,
          // Data keys are reused for 5 minutes: fewer KMS calls per message, the default of SQS.
          dataKeyReuse: Duration.minutes(5),
          enforceSSL: true,
          deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
          removalPolicy: settings.removalPolicy,
        });
        return [spec.centre, { queue, deadLetterQueue }];
      }),
    ) as Record<Centre, CentreQueues>;
  }

  #table(spec: TableSpec, settings: StageSettings, stream?: StreamViewType): TableV2 {
    return new TableV2(this, `${spec.id}-table`, {
      tableName: spec.name,
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.removalPolicy,
      ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
      ...(stream ? { dynamoStream: stream } : {}),
      globalSecondaryIndexes: spec.globalIndexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });
  }
}
