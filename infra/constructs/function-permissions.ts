import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { FunctionName } from '../bundle/bundle-function.ts';
import type { DataStores } from './data-stores.ts';

/** The partition-key prefix of the per-client rate-limit counters (functions/adapters/dynamo-rate-limit-store.ts). */
const RATE_LIMIT_PREFIX = 'RATE#';

/**
 * Attributes that only the exchange-log sequencer writes (the sequence and the hash chain). Every other
 * function may put log entries, but none that carries them.
 */
export const SEQUENCER_ATTRIBUTES = ['seq', 'hash', 'prevHash'] as const;

/** The audit table's partitions of unchained entries and refusal counters (functions/adapters/dynamo-audit-keys.ts). */
export const INBOX_PREFIX = 'INBOX#';
export const REFUSALS_PREFIX = 'REFUSALS#';
/** The partitions every function but the sequencer may write in the audit table: none of the chain, its head or checkpoints. */
export const LOG_PARTITIONS = [INBOX_PREFIX, REFUSALS_PREFIX] as const;

/** The condition of every non-sequencer write to the audit table: no sequence field, no returned old item. */
export const NO_SEQUENCE_FIELDS = {
  'ForAllValues:StringNotEquals': { 'dynamodb:Attributes': [...SEQUENCER_ATTRIBUTES] },
  StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
} as const;

/**
 * Least privilege per function: named actions on named resources, nothing more (test/infra asserts
 * it): no `*` action and no `*` resource in any function's role (the relay's stream permissions name
 * the stream). The one `*` of the stack is in the KMS key policies, where `"Resource": "*"` means the
 * key itself and AWS accepts nothing else; they let the account (root) administer its keys, as CDK's
 * default key policy does, so IAM policies like these decide who uses a key.
 * - Every function but the sequencer appends to the exchange log with PutItem, and the API functions
 *   count repeated refusals with UpdateItem: only in `INBOX#` and `REFUSALS#` partitions (LeadingKeys; UpdateItem
 *   `REFUSALS#` only), never a sequence field, never a returned old item (ReturnValues NONE). So no such role
 *   can touch the chain (`CHAIN#`), its head (`HEAD`) or a checkpoint (`CHECKPOINT`). IAM cannot restrict
 *   sort keys or require a condition expression: the code puts entries with `attribute_not_exists(pk)`,
 *   and the hash chain and signed checkpoints make anything else visible.
 * - requests: the data table (requests, personal data, idempotency records, outbox, ledger) and the
 *   list indexes; sends to the centres' queues; never receives from them.
 * - centre-work: the data table and the queues' receive, delete, visibility and send; no read of the log.
 * - admin: reads the exchange log; the waiting-work and pending-outbox indexes (no personal data is projected there), updates of
 *   lease-ledger and rate-limit items only (`WORK#`, `RATE#`), the queues' counts, and the redrive: receive and delete on the
 *   dead-letter queues (no other function may), send to the queues. It cannot write requests or read
 *   an item of a request.
 * - operations: describes the data table and looks up a queue (health); reads no table data. Like
 *   every API function it counts each caller's calls in a rate-limit item (`RATE#` keys, UpdateItem).
 * - sequencer: reads the audit table (its indexes `index/*`: the chained entries' lookups), puts chained
 *   entries, the head and checkpoints, deletes what it chained (inbox and refusal items only), and signs checkpoints (kms:Sign on the checkpoint key); the admin function may only verify.
 * - relay: pending outbox entries (`REQ#` partitions, the pending index), their removal, ledger updates
 *   (`WORK#`), sends and queue counts; the table's stream.
 */
export function grantLeastPrivilege(
  functions: Record<FunctionName, LambdaFunction>,
  stores: DataStores,
  keyRing: ISecret,
  checkpointKey: IKey,
): void {
  const { data, audit, key, queues } = stores;
  const index = (name: string) => `${data.tableArn}/index/${name}`;
  const main = Object.values(queues).map((q) => q.queue.queueArn);
  const dead = Object.values(queues).map((q) => q.deadLetterQueue.queueArn);
  const allow = (fn: LambdaFunction, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) }));
  const leadingKeys = (...prefixes: string[]) => ({
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) },
  });
  // Writes to the exchange log: only into the inbox and refusal partitions (never HEAD, CHAIN#, CHECKPOINT),
  // never a sequence field, never an old item returned. IAM cannot restrict sort keys or require a condition expression.
  const logWrite = { ...leadingKeys(...LOG_PARTITIONS), ...NO_SEQUENCE_FIELDS };
  const appendToLog = (fn: LambdaFunction, refuses: boolean, batches = false) => {
    allow(fn, ['dynamodb:PutItem'], [audit.tableArn], logWrite);
    // A lease's entries go in one BatchWriteItem (the same partitions and attributes; IAM cannot tell its
    // puts from deletes, which reach only unchained inbox items that a put could replace as well).
    if (batches) allow(fn, ['dynamodb:BatchWriteItem'], [audit.tableArn], logWrite);
    // The repeat counter of a refusal window (dynamo-exchange-log.ts refuse()): an update of `REFUSALS#` items only.
    if (refuses) allow(fn, ['dynamodb:UpdateItem'], [audit.tableArn], { ...leadingKeys(REFUSALS_PREFIX), ...NO_SEQUENCE_FIELDS });
  };
  // DynamoDB and SQS use the key on the caller's behalf: decrypt to read, a data key to send.
  const useKey = (fn: LambdaFunction, send: boolean) =>
    allow(fn, ['kms:Decrypt', 'kms:DescribeKey', ...(send ? ['kms:GenerateDataKey'] : [])], [key.keyArn]);
  const readKeyRing = (fn: LambdaFunction) => allow(fn, ['secretsmanager:GetSecretValue'], [keyRing.secretArn]);

  const { requests, admin, operations, relay, sequencer } = functions;
  const auditIndexes = `${audit.tableArn}/index/*`;
  const centreWork = functions['centre-work'];

  allow(
    requests,
    ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    [data.tableArn],
  );
  allow(requests, ['dynamodb:Query'], [index('byOwner'), index('byAssignee')]);
  allow(requests, ['sqs:SendMessage', 'sqs:GetQueueUrl'], main);
  appendToLog(requests, true);
  useKey(requests, true);
  readKeyRing(requests);

  allow(
    centreWork,
    // BatchGetItem: a lease reads the requests of all its items at once.
    ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    [data.tableArn],
  );
  allow(centreWork, ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage', 'sqs:GetQueueUrl'], main);
  appendToLog(centreWork, true, true);
  useKey(centreWork, true);
  readKeyRing(centreWork);

  allow(admin, ['dynamodb:Query'], [index('waitingWork'), index('pendingOutbox')]);
  // Lease-ledger items (the redrive), and the caller's rate-limit counter (`RATE#`, every API function counts calls).
  allow(admin, ['dynamodb:UpdateItem'], [data.tableArn], leadingKeys('WORK#', RATE_LIMIT_PREFIX));
  allow(admin, ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], main);
  allow(admin, ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], dead);
  appendToLog(admin, true);
  // The exchange log's reader (GET /v1/audit, /verify, /export): entries hold ids and codes, no personal data.
  allow(admin, ['dynamodb:Query', 'dynamodb:GetItem'], [audit.tableArn, auditIndexes]);
  // Verifies checkpoints with the public key; only the sequencer may sign.
  allow(admin, ['kms:GetPublicKey'], [checkpointKey.keyArn]);
  useKey(admin, true);
  readKeyRing(admin);

  allow(operations, ['dynamodb:DescribeTable'], [data.tableArn]);
  allow(operations, ['dynamodb:UpdateItem'], [data.tableArn], leadingKeys(RATE_LIMIT_PREFIX));
  allow(operations, ['sqs:GetQueueUrl'], main);
  appendToLog(operations, true);
  useKey(operations, false);

  allow(relay, ['dynamodb:Query', 'dynamodb:DeleteItem'], [data.tableArn], leadingKeys('REQ#'));
  allow(relay, ['dynamodb:UpdateItem'], [data.tableArn], leadingKeys('WORK#'));
  allow(relay, ['dynamodb:Query'], [index('pendingOutbox'), index('waitingWork')]);
  allow(relay, ['sqs:SendMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes'], main);
  allow(relay, ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes'], dead);
  // A resend's exchange-log entry is written with the outbox entry's removal.
  appendToLog(relay, false);
  useKey(relay, true);

  // The sequencer: the one reader and writer of the sequence fields, and the one signer of checkpoints.
  allow(sequencer, ['dynamodb:Query', 'dynamodb:GetItem'], [audit.tableArn, auditIndexes]);
  // Chained entries, the head and checkpoints (the code puts each only where it is absent, the head only from where it was read).
  allow(sequencer, ['dynamodb:PutItem'], [audit.tableArn]);
  // Chaining removes what it chained (the transaction's Delete is authorised as DeleteItem): inbox entries and
  // closed refusal windows only, so not even the sequencer's role can delete a chained entry.
  allow(sequencer, ['dynamodb:DeleteItem'], [audit.tableArn], leadingKeys(...LOG_PARTITIONS));
  allow(sequencer, ['kms:Sign', 'kms:GetPublicKey'], [checkpointKey.keyArn]);
  useKey(sequencer, false);
}
