import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import type { Principal } from '../participants.ts';
import type { ExchangeLog, ExchangeLogEntry } from '../ports/exchange-log.ts';
import type { LeaseLedger } from '../ports/lease-ledger.ts';
import type { LeaseClaims, LeaseTokens } from '../ports/lease-tokens.ts';
import type { Logger } from '../ports/logger.ts';
import type { RequestStore } from '../ports/request-store.ts';
import type { WorkQueue } from '../ports/work-queue.ts';
import { toListItem, toResource } from '../requests/request.ts';
import { extendedLease, releaseDelay } from './lease-window.ts';

/**
 * Told when a centre acknowledges a work item, before the lease is settled (the lifecycle moves
 * `queued` to `delivered`, idempotently). If it throws, the ack fails as a whole and can be repeated.
 */
export type DeliveryListener = (input: {
  centre: Centre;
  message: Pick<WorkMessage, 'workId' | 'type' | 'subject'>;
  requestId: string;
  actor: Principal;
}) => Promise<void>;

export interface WorkServiceDeps {
  queue: WorkQueue;
  ledger: LeaseLedger;
  tokens: LeaseTokens;
  store: RequestStore;
  exchangeLog: ExchangeLog;
  onDelivered: DeliveryListener;
  logger: Logger;
  now: () => Date;
  newId: () => string;
}

export interface LeasedItem {
  workId: string;
  leaseToken: string;
  leaseExpiresAt: string;
  deliveryCount: number;
  type: WorkMessage['type'];
  subject: WorkMessage['subject'];
  resource: Record<string, unknown>;
}

export interface SettleOutcome {
  succeeded: { leaseToken: string; workId: string; leaseExpiresAt?: string }[];
  failed: { leaseToken: string; status: number; type: string; title: string }[];
}

export type Settlement = { action: 'ack' } | { action: 'release'; delaySeconds: number } | { action: 'extend'; leaseSeconds: number };

const notOurs = { status: 404, type: '/problems/not-found', title: 'No such lease for this centre' };
const notLive = { status: 409, type: '/problems/lease-expired', title: 'The lease has expired or was already settled' };
const notRecorded = {
  status: 503,
  type: '/problems/service-unavailable',
  title: 'The delivery could not be recorded; the lease is still yours: ack again',
};

/** A lease the ledger settled, with its work item (and the new end of an extended lease). */
interface Settled {
  token: string;
  claims: LeaseClaims;
  message: WorkMessage;
  leaseExpiresAt?: string;
}

/** What the caller acts as: the principal and the request id, for the exchange log. */
interface Call {
  principal: Principal;
  centre: Centre;
  requestId: string;
}

/**
 * The centres' side of the exchange: leasing work from their queue and settling the leases. SQS holds
 * the work and hides leased copies; the lease ledger decides which lease is live, so that an expired,
 * superseded or already-acked token fails (409) and a late copy of acknowledged work is dropped.
 */
export class WorkService {
  readonly #deps: WorkServiceDeps;

  constructor(deps: WorkServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Leases up to `max` items of the centre's queue for `leaseSeconds` (30-900), long-polling up to
   * `waitSeconds`. Items come in delivery order; several items of one subject only together and in order.
   * @throws whatever the queue or the ledger throws; then every received copy is made visible again.
   */
  async lease(call: Call, options: { max: number; leaseSeconds: number; waitSeconds: number }): Promise<LeasedItem[]> {
    const { queue, ledger } = this.#deps;
    const received = await queue.receive(call.centre, {
      max: options.max,
      visibilitySeconds: options.leaseSeconds,
      waitSeconds: options.waitSeconds,
    });
    if (received.length === 0) return [];
    const now = this.#deps.now();
    const startedAt = now.toISOString();
    const expiresAt = new Date(now.getTime() + options.leaseSeconds * 1000).toISOString();
    const grants = received.map(() => ({ leaseId: this.#deps.newId(), startedAt, expiresAt }));
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
    if (stale.length > 0) await this.#dropAcked(call, stale);
    // Sealing and reading are independent per item: in parallel, in delivery order in the answer.
    const built = await Promise.all(
      received.map(async (r, i): Promise<LeasedItem | undefined> => {
        const result = started[i];
        const grant = grants[i];
        if (result?.outcome !== 'leased' || !grant) return undefined;
        const [leaseToken, resource] = await Promise.all([
          this.#deps.tokens.seal({
            centre: call.centre,
            workId: r.message.workId,
            type: r.message.type,
            subject: r.message.subject,
            leaseId: grant.leaseId,
            receipt: r.receipt,
            startedAt,
          }),
          this.#resource(call.centre, r.message, now),
        ]);
        return {
          workId: r.message.workId,
          leaseToken,
          leaseExpiresAt: expiresAt,
          deliveryCount: result.deliveryCount,
          type: r.message.type,
          subject: r.message.subject,
          resource,
        };
      }),
    );
    const items = built.filter((item): item is LeasedItem => item !== undefined);
    await Promise.all(
      items.map((item) =>
        this.#log(call, {
          action: 'work.lease',
          subject: item.subject,
          outcome: 'success',
          details: { workId: item.workId, deliveryCount: item.deliveryCount },
        }),
      ),
    );
    return items;
  }

  /**
   * Drops late copies of acknowledged work (a relay resend after the FIFO deduplication window, or the
   * copy an ack could not delete). The delivery is recorded again first (idempotent): should an ack have
   * failed to record it and also failed to take the ack back, this repairs it. A copy whose delivery
   * still cannot be recorded stays on the queue for the next lease.
   */
  async #dropAcked(call: Call, stale: { message: WorkMessage; receipt: string }[]): Promise<void> {
    const recorded = await Promise.all(
      stale.map((r) =>
        this.#deps
          .onDelivered({ centre: call.centre, message: r.message, requestId: call.requestId, actor: call.principal })
          .then(() => r.receipt)
          .catch(() => undefined),
      ),
    );
    const receipts = recorded.filter((r): r is string => r !== undefined);
    if (receipts.length > 0) await this.#deps.queue.delete(call.centre, receipts).catch(() => undefined);
  }

  /** The subject as the centre may see it now: with personal data while kept and assigned to it, else ids only. */
  async #resource(centre: Centre, message: WorkMessage, now: Date): Promise<Record<string, unknown>> {
    const stored = await this.#deps.store.get(message.subject.id, now);
    if (!stored) return { id: message.subject.id };
    return stored.meta.centre === centre ? toResource(stored) : toListItem(stored.meta);
  }

  /**
   * Settles leases: ack (done; the work is never handed out again), release (hand out again after
   * `delaySeconds`) or extend (to `leaseSeconds` from now, at most 12 hours after the lease began).
   * Each token succeeds or fails on its own: 404 for a token that is not this centre's, 409 for a lease
   * that is not live, 503 for an ack whose delivery could not be recorded (the lease stays live: ack
   * again). Acking a `*.submitted` or `*.transferred` item marks its subject delivered.
   */
  async settle(call: Call, tokens: string[], settlement: Settlement): Promise<SettleOutcome> {
    const now = this.#deps.now();
    const outcome: SettleOutcome = { succeeded: [], failed: [] };
    const unique = [...new Set(tokens)];
    const opened = await Promise.all(unique.map(async (token) => ({ token, claims: await this.#deps.tokens.open(token, call.centre) })));
    const settled: Settled[] = [];
    await Promise.all(
      opened.map(async ({ token, claims }) => {
        if (!claims) return outcome.failed.push({ leaseToken: token, ...notOurs });
        const result = await this.#settleOne(claims, settlement, now);
        if (!result) return outcome.failed.push({ leaseToken: token, ...notLive });
        settled.push({ token, claims, ...result });
      }),
    );
    const inOrder = unique.flatMap((token) => settled.filter((s) => s.token === token));
    const applied = settlement.action === 'ack' ? await this.#recordDeliveries(call, inOrder, now, outcome) : inOrder;
    await this.#applyToQueue(call.centre, applied, settlement, now, outcome);
    const failed = new Set(outcome.failed.map((f) => f.leaseToken));
    for (const s of applied.filter((x) => !failed.has(x.token))) {
      outcome.succeeded.push({
        leaseToken: s.token,
        workId: s.claims.workId,
        ...(s.leaseExpiresAt ? { leaseExpiresAt: s.leaseExpiresAt } : {}),
      });
      await this.#log(call, {
        action: `work.${settlement.action}`,
        subject: s.message.subject,
        outcome: 'success',
        details: { workId: s.claims.workId },
      });
    }
    outcome.failed.sort((a, b) => unique.indexOf(a.leaseToken) - unique.indexOf(b.leaseToken));
    return outcome;
  }

  /**
   * After the ledger took the acks, records each delivery in array order. One that fails is taken back
   * (the lease is live again and its queue copy stays), so the state never says acked without delivered.
   */
  async #recordDeliveries(call: Call, acked: Settled[], now: Date, outcome: SettleOutcome): Promise<Settled[]> {
    const recorded = new Set<string>();
    // Items of one subject in array order; different subjects are independent, so they go in parallel.
    const bySubject = Map.groupBy(acked, (s) => s.message.subject.id);
    await Promise.all(
      [...bySubject.values()].map(async (ofSubject) => {
        for (const s of ofSubject) {
          try {
            await this.#deps.onDelivered({ centre: call.centre, message: s.message, requestId: call.requestId, actor: call.principal });
            recorded.add(s.token);
          } catch (error) {
            this.#deps.logger.warn('delivery not recorded; the ack is taken back', {
              workId: s.claims.workId,
              error: (error as Error).name,
            });
            // Should the take-back fail too, the undeleted copy comes again and the lease repairs it (#dropAcked).
            await this.#deps.ledger.unack(s.claims.workId, s.claims.leaseId, now).catch(() => undefined);
            outcome.failed.push({ leaseToken: s.token, ...notRecorded });
          }
        }
      }),
    );
    return acked.filter((s) => recorded.has(s.token));
  }

  /** The ledger decides: the work item when the lease was live and is now settled, else `undefined`. */
  async #settleOne(
    claims: LeaseClaims,
    settlement: Settlement,
    now: Date,
  ): Promise<{ message: WorkMessage; leaseExpiresAt?: string } | undefined> {
    const { ledger } = this.#deps;
    if (settlement.action === 'ack') return wrap(await ledger.ack(claims.workId, claims.leaseId, now));
    if (settlement.action === 'release') return wrap(await ledger.release(claims.workId, claims.leaseId, now));
    const window = extendedLease(claims.startedAt, now, settlement.leaseSeconds);
    if (!window) return undefined;
    const leaseExpiresAt = window.expiresAt.toISOString();
    const message = await ledger.extend(claims.workId, claims.leaseId, now, leaseExpiresAt);
    return message ? { message, leaseExpiresAt } : undefined;
  }

  /** Mirrors settled leases on the queue: delete acked copies, show released ones again, hide extended ones longer. */
  async #applyToQueue(
    centre: Centre,
    settled: { token: string; claims: LeaseClaims; leaseExpiresAt?: string }[],
    settlement: Settlement,
    now: Date,
    outcome: SettleOutcome,
  ): Promise<void> {
    if (settled.length === 0) return;
    const { queue, logger } = this.#deps;
    if (settlement.action === 'ack') {
      // The ledger has the ack; a copy that stays behind is dropped when it is leased again.
      await queue
        .delete(
          centre,
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
    const { notInFlight } = await queue.setVisibility(centre, changes);
    if (settlement.action !== 'extend') return; // a released copy that is visible already is released
    for (const s of settled.filter((x) => notInFlight.includes(x.claims.receipt))) {
      // The copy became visible before the extension reached the queue: the lease cannot be kept.
      outcome.failed.push({ leaseToken: s.token, ...notLive });
    }
  }

  async #log(call: Call, fields: Pick<ExchangeLogEntry, 'action' | 'subject' | 'outcome' | 'details'>): Promise<void> {
    const now = this.#deps.now().toISOString();
    await this.#deps.exchangeLog.append({ id: this.#deps.newId(), at: now, requestId: call.requestId, actor: call.principal, ...fields });
  }
}

const wrap = (message: WorkMessage | undefined) => (message ? { message } : undefined);
