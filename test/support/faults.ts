import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { type FaultKind, faultError } from './chaos.ts';
import type { TestApp } from './runtime.ts';

/**
 * Makes SendMessage fail while `down` is true, for every send or only for those `affected` picks (a
 * queue, a message group): SQS unreachable, as in an outage. SDK middleware: the real client, a fault.
 */
export function injectSqsOutage(t: TestApp, affected: (input: SendMessageCommandInput) => boolean = () => true) {
  const state = { down: true };
  t.runtime.clients.sqs.middlewareStack.remove('injectedOutage');
  t.runtime.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (state.down && context.commandName === 'SendMessageCommand' && affected(args.input as SendMessageCommandInput)) {
        throw Object.assign(new Error('injected SQS outage'), { name: 'ServiceUnavailable' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectedOutage' },
  );
  return state;
}

/** Sends to this centre's queue only. */
export const toQueueOf = (t: TestApp, centre: 'braunschweig' | 'osnabrueck') => (input: SendMessageCommandInput) =>
  String(input.QueueUrl).includes(t.runtime.resources.queues[centre].name.replace('.fifo', ''));

/** Fault kinds that make a write fail without writing anything (a lost answer is not one of them). */
export type WriteFault = Exclude<FaultKind, 'lost-answer' | 'conflict-exception'>;

/**
 * Makes every DynamoDB write of these commands (by default transactions) that writes the ledger entry
 * of one of the given work items fail with that item's fault while `down` is true: an ack of that item,
 * with or without the delivery it records, fails (with `UpdateItemCommand`: its release or extension);
 * every other write goes through. SDK middleware: the real client, a fault.
 */
export function failTransactionsOf(
  t: TestApp,
  faults: ReadonlyMap<string, WriteFault>,
  commands: readonly string[] = ['TransactWriteItemsCommand'],
) {
  const state = { down: true, injected: 0 };
  const stack = t.runtime.clients.dynamo.middlewareStack;
  stack.remove('injectedItemFaults');
  stack.add(
    (next, context) => async (args) => {
      if (state.down && commands.includes(context.commandName ?? '')) {
        const written = JSON.stringify(args.input);
        for (const [workId, kind] of faults) {
          if (!written.includes(`WORK#${workId}`)) continue;
          state.injected++;
          throw faultError(kind);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectedItemFaults' },
  );
  return {
    state,
    detach() {
      state.down = false;
      stack.remove('injectedItemFaults');
    },
  };
}
