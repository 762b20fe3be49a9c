import type { Centre } from '../../../functions/core/centres.ts';
import type { Principal } from '../../../functions/core/participants.ts';
import type { RoutingTable } from '../../../functions/core/routing/routing-table.ts';
import { fullCase } from '../../support/fixtures.ts';
import type { BaselineCalls, BaselineLease } from './baseline-calls.ts';
import type { Context, HttpStep } from './http-load.ts';
import type { Probe } from './sdk-load.ts';

/** Work items a lease asks for in the lease + ack scenario. */
export const LEASE_MAX = 10;
/**
 * Work items a lease asks for in the mixed scenario: each pass hands over one case and works off one,
 * so the backlog stays level and both sides lease from the same queue. With 10 per lease the faster
 * side drained the backlog within its phase and then leased nothing, which is cheap: the ratio then
 * said more about the backlog than about the API (0.33 on a quiet machine).
 */
export const MIXED_LEASE_MAX = 1;

/** A realistic case body with a fresh file number. */
export const caseBody = () =>
  fullCase({ municipalReference: `BENCH-${crypto.randomUUID()}` }) as Record<string, unknown> & { municipalReference: string };

/**
 * `count` authorities of the routing table, alternating between the centres they route to, so that
 * both centres' queues get work (the table's first entries all route to one centre: the other
 * centre's connections would only ever lease nothing).
 */
export function municipalitiesForBothCentres(routing: RoutingTable, count: number): string[] {
  const byCentre = Map.groupBy(routing.entries, (e) => e.centre);
  const lists = [...byCentre.values()];
  const picked: string[] = [];
  for (let i = 0; picked.length < count; i++) {
    const entry = lists[i % lists.length]?.[Math.floor(i / lists.length)];
    if (!entry) throw new Error(`the routing table has too few authorities for ${count} connections`);
    picked.push(entry.ags);
  }
  return picked;
}

/**
 * Who the load acts as: submissions go round the authorities in turn (each authority's event feed
 * then takes a few changes per second, not dozens: the feed's sequence is per authority), and
 * connection (or baseline loop) i leases for centre `centreOf(i)`.
 */
export interface Actors {
  nextMunicipality(): Principal;
  centreOf(i: number): Principal;
  tokenOf(p: Principal): string;
}

/** The HTTP steps of the scenarios (autocannon runs each connection through them over and over). */
export function httpSteps(actors: Actors) {
  const { nextMunicipality, centreOf, tokenOf } = actors;
  /** The authority whose case the connection submitted last (its list and read are that authority's). */
  const submitter = (ctx: Context) => (ctx.municipality as Principal | undefined) ?? nextMunicipality();
  const submit: HttpStep = {
    method: 'POST',
    path: () => '/v1/cases',
    token: (ctx) => {
      ctx.municipality = nextMunicipality();
      return tokenOf(ctx.municipality as Principal);
    },
    headers: () => ({ 'idempotency-key': crypto.randomUUID() }),
    body: caseBody,
    expect: [201],
    onAnswer: (text, ctx) => {
      ctx.caseId = (JSON.parse(text) as { id: string }).id;
      return 1;
    },
  };
  /** Lease up to `max` then ack; a unit is an acked item, or (`unitPerRequest`) an answered request. */
  const leaseAndAck = (max: number, unitPerRequest: boolean): HttpStep[] => [
    {
      method: 'POST',
      path: (ctx) => `/v1/centres/${centreOf(ctx.connection).organisation}/work/lease`,
      token: (ctx) => tokenOf(centreOf(ctx.connection)),
      body: () => ({ max, leaseSeconds: 300, waitSeconds: 0 }),
      expect: [200],
      onAnswer: (text, ctx) => {
        ctx.leaseTokens = (JSON.parse(text) as { items: { leaseToken: string }[] }).items.map((i) => i.leaseToken);
        return unitPerRequest ? 1 : 0;
      },
    },
    {
      method: 'POST',
      path: (ctx) => `/v1/centres/${centreOf(ctx.connection).organisation}/work/ack`,
      token: (ctx) => tokenOf(centreOf(ctx.connection)),
      skip: (ctx) => ((ctx.leaseTokens as string[] | undefined) ?? []).length === 0,
      body: (ctx) => ({ leaseTokens: ctx.leaseTokens }),
      expect: [200],
      onAnswer: (text, ctx) => {
        ctx.leaseTokens = [];
        return unitPerRequest ? 1 : (JSON.parse(text) as { succeeded: unknown[] }).succeeded.length;
      },
    },
  ];
  const list: HttpStep = {
    method: 'GET',
    path: () => '/v1/cases?limit=25',
    token: (ctx) => tokenOf(submitter(ctx)),
    expect: [200],
  };
  const read: HttpStep = {
    method: 'GET',
    path: (ctx: Context) => `/v1/cases/${String(ctx.caseId)}`,
    token: (ctx) => tokenOf(submitter(ctx)),
    skip: (ctx) => ctx.caseId === undefined,
    expect: [200],
  };
  return {
    submit: [submit],
    leaseAndAck: leaseAndAck(LEASE_MAX, false),
    mixed: [submit, list, read, ...leaseAndAck(MIXED_LEASE_MAX, true)],
  };
}

/** The baseline's loops: per pass the storage calls of the same HTTP requests. */
export function baselineLoops(baseline: BaselineCalls, actors: Actors) {
  const { nextMunicipality, centreOf } = actors;
  const cycle = async (probe: Probe, worker: number, max: number, unitPerRequest: boolean) => {
    const centre = centreOf(worker);
    const leased: BaselineLease[] = await probe.time(() => baseline.lease(centre, centre.organisation as Centre, max));
    if (unitPerRequest) probe.done();
    if (leased.length === 0) return;
    const acked = await probe.time(() => baseline.ack(centre, centre.organisation as Centre, leased));
    probe.done(unitPerRequest ? 1 : acked);
  };
  return {
    submit: async (probe: Probe) => {
      await probe.time(() => baseline.submitCase(nextMunicipality(), caseBody()));
      probe.done();
    },
    leaseAndAck: (probe: Probe, w: number) => cycle(probe, w, LEASE_MAX, false),
    mixed: async (probe: Probe, w: number) => {
      const municipality = nextMunicipality();
      const meta = await probe.time(() => baseline.submitCase(municipality, caseBody()));
      probe.done();
      await probe.time(() => baseline.list(municipality));
      probe.done();
      await probe.time(() => baseline.read(municipality, meta.id));
      probe.done();
      await cycle(probe, w, MIXED_LEASE_MAX, true);
    },
  };
}
