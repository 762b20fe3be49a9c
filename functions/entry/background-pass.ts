import type { Sequencer } from '../core/audit/sequencer.ts';
import type { OutboxDispatcher } from '../core/outbox/outbox-dispatcher.ts';
import type { WorkOperations } from '../core/work/work-operations.ts';

/**
 * One pass of the background work (the local timer, the scheduled Lambda): the outbox relay, then the
 * reconciliation of work that no queue holds any more. Answers counts: sent, failed, requeued. With
 * `sequence` (the local timer; on AWS the sequencer is a function of its own) it then chains the
 * exchange log's new entries and publishes a checkpoint when one is due.
 */
export async function backgroundPass(
  services: { dispatcher: OutboxDispatcher; operations: WorkOperations; sequencer?: Sequencer },
  options: { sequence?: boolean } = {},
): Promise<{ sent: number; failed: number; requeued: number; sequenced?: number }> {
  const relayed = await services.dispatcher.relay();
  const result = { ...relayed, requeued: await services.operations.reconcile() };
  if (!options.sequence || !services.sequencer) return result;
  return { ...result, sequenced: (await services.sequencer.pass()).sequenced };
}
