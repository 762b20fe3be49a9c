import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import type { AwsClients } from '../../functions/adapters/aws-clients.ts';

/** What an injected fault does to a call. */
export type FaultKind =
  /** The store answers 5xx before doing anything. */
  | 'fail'
  /** The store throttles before doing anything. */
  | 'throttle'
  /** The call is made and takes effect, but its answer is lost (a timeout): the ambiguous case. */
  | 'lost-answer'
  /** DynamoDB cancels a transaction for a conflicting one (reason TransactionConflict); nothing is written. */
  | 'transaction-conflict'
  /** A single write runs into a transaction on the same item (TransactionConflictException); nothing is written. */
  | 'conflict-exception';

export interface FaultPlan {
  /** Share of the targeted calls that get a fault (0-1). */
  rate: number;
  /** Operations that may get one, e.g. `SendMessage`, `TransactWriteItems`. */
  operations: ReadonlySet<string>;
  /** Seed of the pseudo-random choice, so that a failing run can be repeated. */
  seed: number;
  /** Only these kinds (where they fit the operation); all that fit by default. */
  kinds?: readonly FaultKind[];
}

export interface Chaos {
  /** Faults are injected only while this is true. */
  on: boolean;
  /** Injected faults so far, by operation and kind. */
  injected: Record<string, number>;
  detach(): void;
}

export const SQS_CALLS = new Set(['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'DeleteMessageBatch', 'ChangeMessageVisibilityBatch']);
export const DYNAMODB_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/** mulberry32: a small seeded generator, good enough to pick faults. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const metadata = { httpStatusCode: 400 };

/** The error a store answers with for an injected fault of this kind (nothing written). */
export function faultError(kind: Exclude<FaultKind, 'lost-answer'>): Error {
  switch (kind) {
    case 'fail':
      return Object.assign(new Error('injected: service unavailable'), { name: 'ServiceUnavailable', $fault: 'server' });
    case 'throttle':
      return Object.assign(new Error('injected: throttled'), { name: 'ThrottlingException', $fault: 'client' });
    case 'transaction-conflict':
      return new TransactionCanceledException({
        message: 'injected: Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
        $metadata: metadata,
        CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
      });
    case 'conflict-exception':
      return new TransactionConflictException({ message: 'injected: Transaction is ongoing for the item', $metadata: metadata });
  }
}

/** The kinds that fit an operation: conflicts only where DynamoDB raises them. */
function kindsFor(operation: string): FaultKind[] {
  const kinds: FaultKind[] = ['fail', 'throttle', 'lost-answer'];
  if (operation === 'TransactWriteItems') kinds.push('transaction-conflict');
  if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem') kinds.push('conflict-exception');
  return kinds;
}

/**
 * Injects faults into a share of the clients' calls by SDK middleware (the real clients and stores; a
 * fault instead of, or after, the real call). In the `initialize` step, so the SDK does not retry them:
 * the application sees each one.
 */
export function injectFaults(clients: Pick<AwsClients, 'dynamo' | 'sqs'>, plan: FaultPlan): Chaos {
  const next = random(plan.seed);
  const chaos: Chaos = {
    on: true,
    injected: {},
    detach() {
      for (const stack of stacks) stack.remove('injectedFaults');
    },
  };
  const middleware =
    (handler: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown): Promise<unknown> => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      if (!chaos.on || !plan.operations.has(operation) || next() >= plan.rate) return handler(args);
      const kinds = kindsFor(operation).filter((k) => !plan.kinds || plan.kinds.includes(k));
      if (kinds.length === 0) return handler(args);
      const kind = kinds[Math.floor(next() * kinds.length)] as FaultKind;
      chaos.injected[`${operation} ${kind}`] = (chaos.injected[`${operation} ${kind}`] ?? 0) + 1;
      if (kind !== 'lost-answer') throw faultError(kind);
      await handler(args);
      throw Object.assign(new Error('injected: answer lost'), { name: 'TimeoutError' });
    };
  const stacks = [clients.dynamo.middlewareStack, clients.sqs.middlewareStack] as MiddlewareStack<object, object>[];
  for (const stack of stacks) {
    stack.remove('injectedFaults');
    stack.add(middleware as never, { step: 'initialize', name: 'injectedFaults' });
  }
  return chaos;
}
