import type { WorkMessage } from '../../../schemas/work-message.ts';
import { LeaseNotLiveError } from '../ports/lease-ledger.ts';
import type { LeaseClaims } from '../ports/lease-tokens.ts';
import type { StoredRequest } from '../requests/request.ts';
import { extendedLease, releaseDelay } from './lease-window.ts';
import { notLive, notOurs, storeFailure, type TokenFailure } from './settle-failures.ts';
import { type Call, type Settlement, type SettleOutcome, type WorkServiceDeps, workLogEntry } from './work-types.ts';

/** A token this centre sealed, with its claims. */
interface Opened {
  token: string;
  claims: LeaseClaims;
}

/** A lease the ledger settled (and the new end of an extended lease). */
interface Settled extends Opened {
  leaseExpiresAt?: string;
}

/**
 * Settles leases: ack (done; the work is never handed out again), release (hand out again after
 * `delaySeconds`) or extend (to `leaseSeconds` from now, at most 12 hours after the lease began).
 * Each token succeeds or fails on its own: 404 for a token that is not this centre's, 409
 * `/problems/lease-expired` for a lease that is not live, and for a write of that item that failed in a
 * store 409 `/problems/conflict`, 503 or 500 (settle-failures.ts; the lease stays live: settle it again).
 * A store failure of one item never fails the others or the whole call: every item that was written is
 * answered as succeeded and mirrored on the queue. Acking a `*.submitted` or `*.transferred` item marks
 * its subject delivered.
 * @throws what opening the tokens or reading the requests throws (before anything was written), and
 *   what appending the log of releases and extensions throws (after their writes).
 */
export async function settleLeases(deps: WorkServiceDeps, call: Call, tokens: string[], settlement: Settlement): Promise<SettleOutcome> {
  const now = deps.now();
  const outcome: SettleOutcome = { succeeded: [], failed: [] };
  const unique = [...new Set(tokens)];
  const opened = await Promise.all(unique.map(async (token) => ({ token, claims: await deps.tokens.open(token, call.centre) })));
  const ours: Opened[] = [];
  for (const { token, claims } of opened) {
    if (claims) ours.push({ token, claims });
    else outcome.failed.push({ leaseToken: token, ...notOurs });
  }
  const settled =
    settlement.action === 'ack' ? await ackAll(deps, call, ours, now, outcome) : await changeAll(deps, ours, settlement, now, outcome);
  await applyToQueue(deps, call, settled, settlement, now, outcome);
  const failed = new Set(outcome.failed.map((f) => f.leaseToken));
  const done = settled.filter((s) => !failed.has(s.token));
  for (const s of done) {
    outcome.succeeded.push({
      leaseToken: s.token,
      workId: s.claims.workId,
      ...(s.leaseExpiresAt ? { leaseExpiresAt: s.leaseExpiresAt } : {}),
    });
  }
  // An ack's log entry is written with the ack itself; releases and extensions are logged together here.
  if (settlement.action !== 'ack' && done.length > 0) {
    await deps.exchangeLog.appendMany(
      done.map((s) =>
        workLogEntry(deps, call, {
          action: `work.${settlement.action}`,
          subject: s.claims.subject,
          outcome: 'success',
          details: { workId: s.claims.workId },
        }),
      ),
    );
  }
  outcome.failed.sort((a, b) => unique.indexOf(a.leaseToken) - unique.indexOf(b.leaseToken));
  return outcome;
}

/** Whether acking an item of this type delivers its request (CONTRACT.md lifecycle table). */
const delivers = (type: string) => type.endsWith('.submitted') || type.endsWith('.transferred');

/**
 * Acks the tokens. The requests that an ack may deliver are read first, in one call; then the acks of
 * one authority go one after another in array order (so that its deliveries do not race for the next
 * number of its event feed, and one subject's items stay in order), different authorities in
 * parallel. Each ack is one write: with the delivery it records (the lifecycle's transaction), or on
 * its own with its log entry. An ack never throws (ackOne answers its failure), so one item's failure
 * neither stops the others nor leaves them running after the answer.
 */
async function ackAll(deps: WorkServiceDeps, call: Call, opened: Opened[], now: Date, outcome: SettleOutcome): Promise<Settled[]> {
  const delivering = opened.filter((o) => delivers(o.claims.type)).map((o) => o.claims.subject.id);
  const stored = delivering.length > 0 ? await deps.store.getMany(delivering, now) : new Map<string, StoredRequest>();
  const acked = new Set<string>();
  // Items without a request to deliver are grouped by subject: they touch no feed.
  const groups = Map.groupBy(opened, (o) => stored.get(o.claims.subject.id)?.meta.municipality ?? `subject:${o.claims.subject.id}`);
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const o of group) {
        const known = delivers(o.claims.type) ? (stored.get(o.claims.subject.id) ?? null) : undefined;
        const result = await ackOne(deps, call, o, now, known);
        if (result === 'acked') acked.add(o.token);
        else outcome.failed.push({ leaseToken: o.token, ...result });
      }
    }),
  );
  return opened.filter((o) => acked.has(o.token));
}

/** One ack, with the delivery it records where there is one: `acked`, or why it failed. Never throws. */
async function ackOne(
  deps: WorkServiceDeps,
  call: Call,
  { claims }: Opened,
  now: Date,
  stored: StoredRequest | null | undefined,
): Promise<'acked' | TokenFailure> {
  const message: Pick<WorkMessage, 'workId' | 'type' | 'subject'> = { workId: claims.workId, type: claims.type, subject: claims.subject };
  const lease = { workId: claims.workId, leaseId: claims.leaseId };
  const log = workLogEntry(deps, call, {
    action: 'work.ack',
    subject: claims.subject,
    outcome: 'success',
    details: { workId: claims.workId },
  });
  try {
    const delivery = await deps.onDelivered({
      centre: call.centre,
      message,
      requestId: call.requestId,
      actor: call.principal,
      ack: { lease, at: now, log },
      ...(stored !== undefined ? { stored } : {}),
    });
    if (delivery === 'recorded') return 'acked';
    // Nothing to deliver (or no longer): the ack is a write of its own.
    return (await deps.ledger.ack(lease, now, log)) ? 'acked' : notLive;
  } catch (error) {
    if (error instanceof LeaseNotLiveError) return notLive;
    return storeFailure(deps, 'ack', claims.workId, error);
  }
}

/** Releases or extends each live lease (the ledger decides), in parallel; each item fails on its own. */
async function changeAll(
  deps: WorkServiceDeps,
  opened: Opened[],
  settlement: Exclude<Settlement, { action: 'ack' }>,
  now: Date,
  outcome: SettleOutcome,
): Promise<Settled[]> {
  const results = await Promise.all(opened.map((o) => changeOne(deps, o, settlement, now)));
  const settled: Settled[] = [];
  opened.forEach((o, i) => {
    const result = results[i] ?? notLive;
    if ('claims' in result) settled.push(result);
    else outcome.failed.push({ leaseToken: o.token, ...result });
  });
  return settled;
}

/** One release or extension in the ledger: the settled lease, or why it failed. Never throws. */
async function changeOne(
  deps: WorkServiceDeps,
  o: Opened,
  settlement: Exclude<Settlement, { action: 'ack' }>,
  now: Date,
): Promise<Settled | TokenFailure> {
  const { workId, leaseId, startedAt } = o.claims;
  try {
    if (settlement.action === 'release') return (await deps.ledger.release(workId, leaseId, now)) ? o : notLive;
    const window = extendedLease(startedAt, now, settlement.leaseSeconds);
    if (!window) return notLive;
    const leaseExpiresAt = window.expiresAt.toISOString();
    return (await deps.ledger.extend(workId, leaseId, now, leaseExpiresAt)) ? { ...o, leaseExpiresAt } : notLive;
  } catch (error) {
    return storeFailure(deps, settlement.action, workId, error);
  }
}

/** Mirrors settled leases on the queue: delete acked copies, show released ones again, hide extended ones longer. */
async function applyToQueue(
  deps: WorkServiceDeps,
  call: Call,
  settled: Settled[],
  settlement: Settlement,
  now: Date,
  outcome: SettleOutcome,
): Promise<void> {
  if (settled.length === 0) return;
  const { queue, logger } = deps;
  if (settlement.action === 'ack') {
    // The ledger has the ack; a copy that stays behind is dropped when it is leased again.
    await queue
      .delete(
        call.centre,
        settled.map((s) => s.claims.receipt),
      )
      .catch((error: Error) => logger.warn('delete after ack failed', { error: error.name }));
    return;
  }
  const changes = settled.map((s) => ({
    receipt: s.claims.receipt,
    seconds:
      settlement.action === 'release'
        ? releaseDelay(s.claims.startedAt, now, settlement.delaySeconds)
        : Math.round((new Date(s.leaseExpiresAt ?? now).getTime() - now.getTime()) / 1000),
  }));
  let notInFlight: string[];
  try {
    ({ notInFlight } = await queue.setVisibility(call.centre, changes));
  } catch (error) {
    // The ledger has the release: the copy shows again when its old lease ends at the latest.
    if (settlement.action === 'release') {
      logger.warn('visibility after release failed', { error: (error as Error).name });
      return;
    }
    // The queue would hand the copy out at the old end of the lease: the extension did not take; the
    // lease is still live in the ledger, so extending again is the retry.
    for (const s of settled) outcome.failed.push({ leaseToken: s.token, ...storeFailure(deps, 'extend', s.claims.workId, error) });
    return;
  }
  if (settlement.action !== 'extend') return; // a released copy that is visible already is released
  for (const s of settled.filter((x) => notInFlight.includes(x.claims.receipt))) {
    // The copy became visible before the extension reached the queue: the lease cannot be kept.
    outcome.failed.push({ leaseToken: s.token, ...notLive });
  }
}
