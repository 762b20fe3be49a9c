import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { LeaseLedger } from '../ports/lease-ledger.ts';
import { type StoredRequest, toListItem, toResource } from '../requests/request.ts';
import { type Call, type LeasedItem, type WorkServiceDeps, workLogEntry } from './work-types.ts';

/**
 * Leases up to `max` items of the centre's queue for `leaseSeconds`, long-polling up to `waitSeconds`:
 * one receive, the ledger's conditional write per item, one read of all their requests, one write of
 * all their log entries. Items come in delivery order; several items of one subject only together and
 * in order. Late copies of acknowledged work are dropped (after repairing their delivery).
 * @throws whatever the queue or the ledger throws; then every received copy is made visible again.
 */
export async function leaseWork(
  deps: WorkServiceDeps,
  call: Call,
  options: { max: number; leaseSeconds: number; waitSeconds: number },
): Promise<LeasedItem[]> {
  const { queue, ledger } = deps;
  const received = await queue.receive(call.centre, {
    max: options.max,
    visibilitySeconds: options.leaseSeconds,
    waitSeconds: options.waitSeconds,
  });
  if (received.length === 0) return [];
  const now = deps.now();
  const startedAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + options.leaseSeconds * 1000).toISOString();
  const grants = received.map(() => ({ leaseId: deps.newId(), startedAt, expiresAt }));
  let started: Awaited<ReturnType<LeaseLedger['start']>>[];
  try {
    started = await Promise.all(received.map((r, i) => ledger.start(r.message, grants[i] as (typeof grants)[number])));
  } catch (error) {
    // Without the ledger no lease may be handed out, and a later item must not go out without an earlier one.
    await queue
      .setVisibility(
        call.centre,
        received.map((r) => ({ receipt: r.receipt, seconds: 0 })),
      )
      .catch(() => undefined);
    throw error;
  }
  const stale = received.filter((_, i) => started[i]?.outcome === 'acked');
  if (stale.length > 0) await dropAcked(deps, call, stale);
  const live = received.flatMap((r, i) => {
    const result = started[i];
    const grant = grants[i];
    return result?.outcome === 'leased' && grant ? [{ ...r, grant, deliveryCount: result.deliveryCount }] : [];
  });
  if (live.length === 0) return [];
  // Sealing is CPU, the requests are one read: both at once.
  const [tokens, stored] = await Promise.all([
    Promise.all(
      live.map((r) =>
        deps.tokens.seal({
          centre: call.centre,
          workId: r.message.workId,
          type: r.message.type,
          subject: r.message.subject,
          leaseId: r.grant.leaseId,
          receipt: r.receipt,
          startedAt,
        }),
      ),
    ),
    deps.store.getMany(
      live.map((r) => r.message.subject.id),
      now,
    ),
  ]);
  const items = live.map(
    (r, i): LeasedItem => ({
      workId: r.message.workId,
      leaseToken: tokens[i] ?? '',
      leaseExpiresAt: expiresAt,
      deliveryCount: r.deliveryCount,
      type: r.message.type,
      subject: r.message.subject,
      resource: resourceFor(call, r.message, stored.get(r.message.subject.id)),
    }),
  );
  await deps.exchangeLog.appendMany(
    items.map((item) =>
      workLogEntry(deps, call, {
        action: 'work.lease',
        subject: item.subject,
        outcome: 'success',
        details: { workId: item.workId, deliveryCount: item.deliveryCount },
      }),
    ),
  );
  return items;
}

/** The subject as the centre may see it now: with personal data while kept and assigned to it, else ids only. */
function resourceFor(call: Call, message: WorkMessage, stored: StoredRequest | undefined): Record<string, unknown> {
  if (!stored) return { id: message.subject.id };
  return stored.meta.centre === call.centre ? toResource(stored) : toListItem(stored.meta);
}

/**
 * Drops late copies of acknowledged work (a relay resend after the FIFO deduplication window, or the
 * copy an ack could not delete). The delivery is recorded again first (idempotent): should an ack have
 * been written without it by an older version, this repairs it. A copy whose delivery still cannot be
 * recorded stays on the queue for the next lease.
 */
async function dropAcked(deps: WorkServiceDeps, call: Call, stale: { message: WorkMessage; receipt: string }[]): Promise<void> {
  const recorded = await Promise.all(
    stale.map((r) =>
      deps
        .onDelivered({ centre: call.centre, message: r.message, requestId: call.requestId, actor: call.principal })
        .then(() => r.receipt)
        .catch(() => undefined),
    ),
  );
  const receipts = recorded.filter((r): r is string => r !== undefined);
  if (receipts.length > 0) await deps.queue.delete(call.centre, receipts).catch(() => undefined);
}
