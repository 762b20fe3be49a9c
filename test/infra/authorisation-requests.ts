import type { ResourceNames, TableSpec } from '../../functions/adapters/resources.ts';
import type { WireCall } from './aws-call-recorder.ts';

/** What IAM authorises for one call (or one part of a transaction): action, resource ARN and the condition keys we use. */
export interface AuthorisationRequest {
  caller: string;
  /** `dynamodb:PutItem`, `sqs:SendMessage`, ... */
  action: string;
  resource: string;
  /** The request's condition keys: `dynamodb:LeadingKeys`, `dynamodb:Attributes`, `dynamodb:ReturnValues`. */
  context: Record<string, string[]>;
}

/** Where the recorded names point: the deployed stack's names, account and region, for the evaluator to compare. */
export interface ArnMapping {
  region: string;
  account: string;
  /** The test stores' names (their prefix differs per run). */
  local: ResourceNames;
  /** The stack's names (same specs, the stage's prefix). */
  deployed: ResourceNames;
  /** The ARN of the key ring secret and of the checkpoint key in the stack, for any id the test gave them. */
  secretArn: string;
  checkpointKeyArn: string;
}

type AttributeValue = Record<string, unknown>;
type DynamoInput = Record<string, unknown> & {
  TableName?: string;
  IndexName?: string;
  Item?: Record<string, AttributeValue>;
  Key?: Record<string, AttributeValue>;
  KeyConditionExpression?: string;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  ReturnValues?: string;
};

const RESERVED = new Set(['AND', 'OR', 'NOT', 'SET', 'ADD', 'REMOVE', 'DELETE', 'BETWEEN', 'IN']);
const FUNCTIONS = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
  'if_not_exists',
  'list_append',
]);

/** The top-level attribute names an expression touches (names and `#placeholders`; not `:values`, keywords or functions). */
function namesIn(expression: string | undefined, names: Record<string, string> = {}): string[] {
  if (!expression) return [];
  const found: string[] = [];
  for (const match of expression.matchAll(/(^|[^:#\w.])(#?[A-Za-z_][\w]*)/g)) {
    const token = match[2] as string;
    if (token.startsWith('#')) found.push(names[token] ?? token);
    else if (!RESERVED.has(token.toUpperCase()) && !FUNCTIONS.has(token)) found.push(token);
  }
  return found;
}

const stringOf = (value: AttributeValue | undefined) => (value && typeof value.S === 'string' ? value.S : String(value?.N ?? ''));

/** The partition-key value a Query names in its key condition (`pk = :pk`, or `#pk = :v`). */
function queriedPartition(input: DynamoInput, partitionKey: string): string | undefined {
  for (const m of (input.KeyConditionExpression ?? '').matchAll(/(#?[A-Za-z_]\w*)\s*=\s*(:\w+)/g)) {
    const name = (m[1] as string).startsWith('#') ? input.ExpressionAttributeNames?.[m[1] as string] : m[1];
    if (name === partitionKey) return stringOf(input.ExpressionAttributeValues?.[m[2] as string]);
  }
  return undefined;
}

/** Maps one DynamoDB operation (or transaction part) to what IAM authorises. */
function dynamoRequest(caller: string, operation: string, input: DynamoInput, map: ArnMapping): AuthorisationRequest {
  const id = (Object.values(map.local.tables) as TableSpec[]).find((t) => t.name === input.TableName)?.id;
  if (!id) throw new Error(`${caller}: ${operation} on an unknown table ${String(input.TableName)}`);
  const spec = map.local.tables[id];
  const table = `arn:aws:dynamodb:${map.region}:${map.account}:table/${map.deployed.tables[id].name}`;
  const index = input.IndexName ? spec.globalIndexes.find((i) => i.name === input.IndexName) : undefined;
  const context: Record<string, string[]> = {};
  const leading =
    operation === 'Query'
      ? queriedPartition(input, index?.partitionKey ?? spec.partitionKey)
      : input.Item || input.Key
        ? stringOf((input.Item ?? input.Key)?.[spec.partitionKey])
        : undefined;
  if (leading !== undefined) context['dynamodb:LeadingKeys'] = [leading];
  const names = input.ExpressionAttributeNames;
  const attributes = [
    ...Object.keys(input.Item ?? {}),
    ...Object.keys(input.Key ?? {}),
    ...namesIn(input.UpdateExpression, names),
    ...namesIn(input.ConditionExpression, names),
    ...namesIn(input.ProjectionExpression, names),
  ];
  if (attributes.length > 0) context['dynamodb:Attributes'] = [...new Set(attributes)];
  if (input.ReturnValues) context['dynamodb:ReturnValues'] = [input.ReturnValues];
  return { caller, action: `dynamodb:${operation}`, resource: index ? `${table}/index/${index.name}` : table, context };
}

/** A transaction's parts are authorised as the single-item actions (AWS: "Using IAM with DynamoDB transactions"). */
const TRANSACT_PARTS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

/**
 * A batch is authorised per table as BatchGetItem/BatchWriteItem, with each item's keys and attributes
 * in the condition context (so the LeadingKeys and attribute conditions apply to every item).
 */
function batchRequests(caller: string, operation: string, body: Record<string, unknown>, map: ArnMapping): AuthorisationRequest[] {
  const requests: AuthorisationRequest[] = [];
  for (const [table, request] of Object.entries(body.RequestItems as Record<string, unknown>)) {
    if (operation === 'BatchGetItem') {
      const { Keys, ...rest } = request as DynamoInput & { Keys: Record<string, AttributeValue>[] };
      for (const Key of Keys) requests.push(dynamoRequest(caller, operation, { ...rest, TableName: table, Key }, map));
      continue;
    }
    for (const write of request as { PutRequest?: { Item: DynamoInput['Item'] }; DeleteRequest?: { Key: DynamoInput['Key'] } }[]) {
      const input: DynamoInput = write.PutRequest ? { Item: write.PutRequest.Item } : { Key: write.DeleteRequest?.Key };
      requests.push(dynamoRequest(caller, operation, { ...input, TableName: table }, map));
    }
  }
  return requests;
}

/**
 * What IAM authorises for one recorded call: one request per single-item operation, one per part of a
 * TransactWriteItems/TransactGetItems, the queue's ARN for SQS (from the queue URL or name), the stack's
 * key ring secret and checkpoint key for Secrets Manager and KMS.
 * @throws Error for a service or operation it does not know (so that a new kind of call fails loudly).
 */
export function authorisationRequests(call: WireCall, map: ArnMapping): AuthorisationRequest[] {
  const [service, operation = ''] = call.target.split('.');
  const { caller, body } = call;
  if (service === 'DynamoDB_20120810') {
    if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
      return (body.TransactItems as Record<string, DynamoInput>[]).flatMap((part) =>
        Object.entries(part).map(([kind, input]) => dynamoRequest(caller, TRANSACT_PARTS[kind] ?? kind, input, map)),
      );
    }
    if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') return batchRequests(caller, operation, body, map);
    return [dynamoRequest(caller, operation, body as DynamoInput, map)];
  }
  if (service === 'AmazonSQS') {
    const name = String(body.QueueName ?? String(body.QueueUrl).split('/').at(-1));
    const queue = Object.values(map.local.queues).find((q) => q.name === name || q.deadLetterName === name);
    if (!queue) throw new Error(`${caller}: ${operation} on an unknown queue ${name}`);
    const deployed = map.deployed.queues[queue.centre];
    const deployedName = name === queue.name ? deployed.name : deployed.deadLetterName;
    // SQS authorises a batch as its single action (there is no sqs:DeleteMessageBatch in IAM).
    const action = `sqs:${operation.replace(/Batch$/, '')}`;
    return [{ caller, action, resource: `arn:aws:sqs:${map.region}:${map.account}:${deployedName}`, context: {} }];
  }
  if (service === 'TrentService') return [{ caller, action: `kms:${operation}`, resource: map.checkpointKeyArn, context: {} }];
  if (service === 'secretsmanager') return [{ caller, action: `secretsmanager:${operation}`, resource: map.secretArn, context: {} }];
  throw new Error(`${caller}: a call to an unknown service ${call.target}`);
}
