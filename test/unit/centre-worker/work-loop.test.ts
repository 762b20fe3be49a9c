import { describe, expect, it } from 'vitest';
import { SeenWorkIds } from '../../../tools/centre-worker/seen-work-ids.ts';
import { type LeaseRequest, type SettleResult, type WorkApi, WorkApiError, type WorkItem } from '../../../tools/centre-worker/work-api.ts';
import { runWorkLoop, type WorkLoopDeps } from '../../../tools/centre-worker/work-loop.ts';

let tokens = 0;
function item(workId: string, subjectId: string, deliveryCount = 1): WorkItem {
  tokens += 1;
  return {
    workId,
    leaseToken: `token-${tokens}`,
    leaseExpiresAt: '2026-11-29T08:00:00Z',
    deliveryCount,
    type: 'case.submitted',
    subject: { type: 'case', id: subjectId },
    resource: { id: subjectId, person: { familyName: 'Beispiel', dateOfBirth: '1990-04-12' } },
  };
}

/**
 * The work endpoints as a script: each lease answers the next batch (or a thrown error), then nothing.
 * Acks and releases are recorded; `failAck` lists tokens the API answers with 409.
 */
function scriptedApi(batches: (WorkItem[] | Error)[], failAck: string[] = []) {
  const calls = { leases: [] as LeaseRequest[], acked: [] as string[], released: [] as string[] };
  const settle = (tokens: string[], into: string[]): SettleResult => {
    const failed = tokens.filter((t) => failAck.includes(t));
    into.push(...tokens.filter((t) => !failed.includes(t)));
    return {
      succeeded: tokens.filter((t) => !failed.includes(t)).map((leaseToken) => ({ leaseToken, workId: `work-of-${leaseToken}` })),
      failed: failed.map((leaseToken) => ({
        leaseToken,
        status: 409,
        type: '/problems/lease-expired',
        title: 'The lease has expired or was already settled',
      })),
    };
  };
  const api: WorkApi = {
    signIn: async () => undefined,
    lease: async (request) => {
      calls.leases.push(request);
      const next = batches.shift() ?? [];
      if (next instanceof Error) throw next;
      return next;
    },
    ack: async (leaseTokens) => settle(leaseTokens, calls.acked),
    release: async (leaseTokens) => settle(leaseTokens, calls.released),
  };
  return { api, calls };
}

/** Runs the loop over the API; `received` lists the workIds the default handler printed, in order. */
function run(api: WorkApi, overrides: Partial<WorkLoopDeps> & { once?: boolean; showPersonalData?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const { once = true, showPersonalData = false, ...deps } = overrides;
  const stats = runWorkLoop(
    { lease: { max: 10, leaseSeconds: 60, waitSeconds: 0 }, once, showPersonalData },
    {
      api,
      seen: new SeenWorkIds(100),
      stop: new AbortController().signal,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      wait: async () => undefined,
      ...deps,
    },
  );
  const received = () => out.filter((l) => l.startsWith('received')).map((l) => /work (\S+)/.exec(l)?.[1]);
  return { stats, out, err, received };
}

describe('runWorkLoop', () => {
  it('processes each batch in array order, acks every item, and with once stops when nothing is left', async () => {
    const first = [item('w-1', 'c-1'), item('w-2', 'c-1'), item('w-3', 'c-2')];
    const second = [item('w-4', 'c-3')];
    const { api, calls } = scriptedApi([first, second]);
    const { stats, out, received } = run(api);
    expect(await stats).toMatchObject({ leased: 4, processed: 4, acked: 4, duplicates: 0 });
    expect(received()).toEqual(['w-1', 'w-2', 'w-3', 'w-4']);
    expect(calls.acked).toEqual([...first, ...second].map((i) => i.leaseToken));
    expect(calls.leases).toHaveLength(3); // two batches, then the empty lease that ends the run
    expect(out.filter((l) => l.startsWith('progress: '))).toEqual([
      'progress: 3 leased, 3 processed, 0 duplicates, 3 acked, 0 ack failed, 0 released',
      'progress: 4 leased, 4 processed, 0 duplicates, 4 acked, 0 ack failed, 0 released',
    ]);
  });

  it('drops a redelivered workId: acks its new lease token but does not process it again', async () => {
    const redelivery = item('w-1', 'c-1', 2);
    const { api, calls } = scriptedApi([[item('w-1', 'c-1')], [redelivery, item('w-2', 'c-2')]]);
    const { stats, out, received } = run(api);
    expect(await stats).toMatchObject({ leased: 3, processed: 2, duplicates: 1, acked: 3 });
    expect(received()).toEqual(['w-1', 'w-2']);
    expect(calls.acked).toContain(redelivery.leaseToken);
    expect(out).toContain(
      'duplicate  case.submitted  case c-1  work w-1  delivery 2  (already processed: acked again, not processed again)',
    );
  });

  it('processes an item whose ack failed only once when it comes again, and reports the failed ack', async () => {
    const first = item('w-1', 'c-1');
    const { api, calls } = scriptedApi([[first], [item('w-1', 'c-1', 2)]], [first.leaseToken]);
    const { stats, err, received } = run(api);
    expect(await stats).toMatchObject({ processed: 1, duplicates: 1, acked: 1, ackFailed: 1 });
    expect(received()).toEqual(['w-1']);
    expect(calls.acked).toHaveLength(1);
    expect(err).toEqual([
      'ack failed for work w-1 (case c-1): 409 The lease has expired or was already settled; it will be delivered again',
    ]);
  });

  it('releases a failed item and the ones after it, acks the ones before, and processes the failed one when it comes again', async () => {
    const batch = [item('w-1', 'c-1'), item('w-2', 'c-1'), item('w-3', 'c-1')];
    const { api, calls } = scriptedApi([batch, [item('w-2', 'c-1', 2), item('w-3', 'c-1', 2)]]);
    let failures = 1;
    const handled: string[] = [];
    const handle = async (i: WorkItem) => {
      handled.push(i.workId);
      if (i.workId === 'w-2' && failures-- > 0) throw new TypeError('Beispiel could not be imported');
    };
    const { stats, err } = run(api, { handle });
    expect(await stats).toMatchObject({ processed: 3, released: 2 });
    expect(handled).toEqual(['w-1', 'w-2', 'w-2', 'w-3']);
    expect(calls.released).toEqual([batch[1]?.leaseToken, batch[2]?.leaseToken]);
    expect(calls.acked[0]).toBe(batch[0]?.leaseToken);
    expect(err.join('\n')).toMatch(/processing work w-2 failed \(TypeError\); releasing it and the 1 after it/);
    expect(err.join('\n')).not.toContain('Beispiel');
  });

  it('finishes and acks the batch in hand when stopped, and takes no new lease', async () => {
    const stop = new AbortController();
    const batch = [item('w-1', 'c-1'), item('w-2', 'c-2')];
    const { api, calls } = scriptedApi([batch, [item('w-3', 'c-3')]]);
    const handle = async () => stop.abort();
    const { stats } = run(api, { stop: stop.signal, handle, once: false });
    expect(await stats).toMatchObject({ leased: 2, processed: 2, acked: 2 });
    expect(calls.leases).toHaveLength(1);
  });

  it('pauses between empty leases when it does not long-poll', async () => {
    const stop = new AbortController();
    const waits: number[] = [];
    const wait = async (ms: number) => {
      waits.push(ms);
      if (waits.length === 2) stop.abort();
    };
    const { api, calls } = scriptedApi([]);
    await run(api, { once: false, stop: stop.signal, wait }).stats;
    expect(waits).toEqual([1000, 1000]);
    expect(calls.leases).toHaveLength(2);
  });

  it('tries a lease again after a transient failure, and gives up on a refusal', async () => {
    const waits: number[] = [];
    const wait = async (ms: number) => {
      waits.push(ms);
    };
    const unavailable = new WorkApiError('lease: 503', { status: 503, retryAfterSeconds: 3 });
    const { api } = scriptedApi([new WorkApiError('no answer'), unavailable, [item('w-1', 'c-1')]]);
    const { stats, err } = run(api, { wait });
    expect(await stats).toMatchObject({ processed: 1 });
    expect(waits).toEqual([1000, 3000]);
    expect(err).toHaveLength(2);

    const refused = scriptedApi([new WorkApiError('lease: 404 /problems/not-found', { status: 404 })]);
    await expect(run(refused.api).stats).rejects.toThrow(/404/);
  });

  it('gives up with once after repeated transient failures', async () => {
    const { api, calls } = scriptedApi(Array.from({ length: 9 }, () => new WorkApiError('no answer')));
    await expect(run(api).stats).rejects.toThrow(/no answer/);
    expect(calls.leases).toHaveLength(5);
  });

  it('prints no personal data unless asked to', async () => {
    const quiet = run(scriptedApi([[item('w-1', 'c-1')]]).api);
    await quiet.stats;
    expect(quiet.out.join('\n')).toContain('received  case.submitted  case c-1  work w-1  delivery 1');
    expect(quiet.out.join('\n')).not.toMatch(/Beispiel|1990-04-12/);

    const shown = run(scriptedApi([[item('w-1', 'c-1')]]).api, { showPersonalData: true });
    await shown.stats;
    expect(shown.out.join('\n')).toContain('"familyName": "Beispiel"');
  });
});
