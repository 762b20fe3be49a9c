import type { MiddlewareStack } from '@smithy/types';
import type { AwsClients } from '../../functions/adapters/aws-clients.ts';

/** Logical AWS calls per operation name (`TransactWriteItems`, `SendMessage`, ...); SDK retries are not counted again. */
export type CallCounts = Record<string, number>;

export interface AwsCallCounter {
  /** The calls since the counter was attached or last reset, by operation, sorted by name. */
  counts(): CallCounts;
  /** All calls since the counter was attached or last reset. */
  total(): number;
  reset(): void;
  /** Takes the middleware off the clients again. */
  detach(): void;
}

const NAME = 'awsCallCounter';

/**
 * Counts the calls the clients make, by SDK middleware in the `initialize` step (once per `send`,
 * before the SDK's own retries): what an operation costs in storage round trips. The document client
 * sends through the DynamoDB client's stack, so its calls are counted under the low-level names.
 */
export function countAwsCalls(clients: Pick<AwsClients, 'dynamo' | 'sqs'>): AwsCallCounter {
  let counts: CallCounts = {};
  const middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
    const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
    counts[operation] = (counts[operation] ?? 0) + 1;
    return next(args);
  };
  for (const stack of [clients.dynamo.middlewareStack, clients.sqs.middlewareStack] as MiddlewareStack<object, object>[]) {
    stack.remove(NAME);
    stack.add(middleware as never, { step: 'initialize', name: NAME });
  }
  return {
    counts: () => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    reset: () => {
      counts = {};
    },
    detach: () => {
      clients.dynamo.middlewareStack.remove(NAME);
      clients.sqs.middlewareStack.remove(NAME);
    },
  };
}
