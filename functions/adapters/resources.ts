import { CENTRES, type Centre } from '../core/centres.ts';

/**
 * The tables and queues of the system, as plain data. The local stack creates them from here at start
 * and the CDK stack declares them from here, so both always agree.
 */
export interface TableSpec {
  /** Logical name, used by the CDK construct ids and by code that looks a table up. */
  id: 'data' | 'audit';
  name: string;
  partitionKey: string;
  sortKey: string;
  globalIndexes: { name: string; partitionKey: string; sortKey: string }[];
  /** Attribute holding an epoch-seconds expiry; DynamoDB's TTL deletes such items (eventually). */
  ttlAttribute?: string;
}

export interface QueueSpec {
  centre: Centre;
  name: string;
  deadLetterName: string;
  /** Receives after which a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  /** Visibility for plain receives; leases set their own with ChangeMessageVisibility. */
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
}

export interface ResourceNames {
  tables: Record<TableSpec['id'], TableSpec>;
  queues: Record<Centre, QueueSpec>;
}

/** Every resource of one deployment (or local stack, or test run), named from its prefix. */
export function resourceSpecs(prefix: string): ResourceNames {
  const tables: ResourceNames['tables'] = {
    data: {
      id: 'data',
      name: `${prefix}-data`,
      partitionKey: 'pk',
      sortKey: 'sk',
      globalIndexes: [
        // Lists of a municipality's requests, newest first.
        { name: 'byOwner', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
        // Lists of a centre's assigned requests, newest first.
        { name: 'byAssignee', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
        // Sparse: only outbox entries not yet confirmed sent carry these keys, per centre and shard; the relay reads them oldest first.
        { name: 'pendingOutbox', partitionKey: 'outboxPk', sortKey: 'outboxSk' },
        // Sparse: lease-ledger entries of work not yet acknowledged, per centre and shard, oldest first (admin status, reconciliation).
        { name: 'waitingWork', partitionKey: 'waitingPk', sortKey: 'waitingSk' },
      ],
      ttlAttribute: 'expiresAt',
    },
    audit: {
      id: 'audit',
      name: `${prefix}-audit`,
      partitionKey: 'pk',
      sortKey: 'sk',
      // Sparse: only chained entries carry these keys (dynamo-audit-keys.ts); written by the one sequencer.
      globalIndexes: [
        // The history of one case or request, by sequence number.
        { name: 'auditBySubject', partitionKey: 'subjectPk', sortKey: 'seqSk' },
        // What one client did, by sequence number.
        { name: 'auditByActor', partitionKey: 'actorPk', sortKey: 'seqSk' },
        // One partition per day, by time: time ranges and the export.
        { name: 'auditByTime', partitionKey: 'dayPk', sortKey: 'atSk' },
      ],
      // No TTL: the log outlives the personal data it never contains.
    },
  };
  const queues = Object.fromEntries(
    CENTRES.map((centre) => [
      centre,
      {
        centre,
        name: `${prefix}-${centre}.fifo`,
        deadLetterName: `${prefix}-${centre}-dlq.fifo`,
        maxReceiveCount: 5,
        visibilityTimeoutSeconds: 60,
        retentionSeconds: 14 * 24 * 3600,
      },
    ]),
  ) as Record<Centre, QueueSpec>;
  return { tables, queues };
}
