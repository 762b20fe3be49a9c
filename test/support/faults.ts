import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
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
