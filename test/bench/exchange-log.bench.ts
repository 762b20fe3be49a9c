import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../functions/adapters/provision.ts';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { OutboxDispatcher } from '../../functions/core/outbox/outbox-dispatcher.ts';
import type { ExchangeLog } from '../../functions/core/ports/exchange-log.ts';
import type { RequestStore } from '../../functions/core/ports/request-store.ts';
import { RequestService } from '../../functions/core/requests/request-service.ts';
import { composeApp, composeServices, type Runtime } from '../../functions/entry/compose.ts';
import { startLocalStores } from '../../functions/entry/local/local-stores.ts';
import { minimalCase } from '../support/fixtures.ts';
import { benchIdentity, benchRuntime } from './bench-stack.ts';
import { type BenchResult, measure } from './measure.ts';

export const title = 'Exchange log: the cost per intake (with and without the log, the sequencer) and a flood of 1,000 refusals';

const INTAKES = 300;
const ROUNDS = 6;
const WARMUP = 50;
const FLOOD = 1_000;

/** An exchange log that writes nothing: the "without" variant. */
const noLog: ExchangeLog = { append: async () => undefined, appendMany: async () => undefined, refuse: async () => undefined };

/** The request store without the log entries of the create transaction. */
function withoutLogEntries(store: RequestStore): RequestStore {
  return {
    claimIdempotencyKey: (...args) => store.claimIdempotencyKey(...args),
    releaseIdempotencyKey: (...args) => store.releaseIdempotencyKey(...args),
    create: (plan, now) => store.create({ ...plan, log: [] }, now),
    get: (...args) => store.get(...args),
    getMany: (...args) => store.getMany(...args),
    list: (...args) => store.list(...args),
  };
}

/**
 * The intake service (idempotency claim, the create transaction, the SQS send) on DynamoDB Local and
 * fauxqs, once as composed (two log entries in the transaction, a `work.send` entry after the send)
 * and once without any log writes; then the sequencer chaining what the first variant wrote, per
 * intake. Last, 1,000 requests with garbage tokens through the app, and the entries they wrote.
 */
export default async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-bench-'));
  const stores = await startLocalStores({ pidFile: join(dir, 'dynamodb-local.pid') });
  const clients = createAwsClients({ region: LOCAL_REGION, local: stores });
  try {
    const resources = resourceSpecs(`bench${randomBytes(3).toString('hex')}`);
    await ensureResources(clients, resources);
    const { token, verifier } = await benchIdentity();
    const runtime = benchRuntime(clients, resources, verifier(true));
    const services = composeServices(runtime);
    const principal = { clientId: 'abh-03101', role: 'municipality' as const, organisation: '03101' };
    const withoutLog = new RequestService({
      store: withoutLogEntries(services.store),
      dispatcher: new OutboxDispatcher(services.outbox, services.publisher, runtime.logger),
      exchangeLog: noLog,
      routingTable: runtime.routing,
      retention: runtime.retention,
      // The same keyed hash as the composed service: it serves the idempotency check either way.
      hashPayload: (text) => createHmac('sha256', runtime.keys.payloadHmac).update(text).digest('hex'),
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
    });
    let n = 0;
    const submit = (service: RequestService) => async () => {
      n += 1;
      const body = minimalCase({ municipalReference: `BENCH-${n}` });
      await service.submit({ kind: 'case', principal, body, rawBody: body, idempotencyKey: `bench-${n}`, requestId: `bench-${n}` });
    };
    const variants = [
      { name: 'submit a case, without the exchange log', run: submit(withoutLog), micros: 0, writes: 0, reads: 0 },
      { name: 'submit a case, with the exchange log (3 entries)', run: submit(services.requests), micros: 0, writes: 0, reads: 0 },
    ];
    const meter = writeMeter(clients.doc);
    // Both warm first; then alternating rounds, so that a busy machine or a warming JVM hurts neither more.
    for (const v of variants) await measure('warm-up', 0, v.run, WARMUP);
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of variants) {
        const [writes, reads] = [meter.writes(), meter.reads()];
        const r = await measure(v.name, INTAKES / ROUNDS, v.run, 0);
        v.micros += r.meanMicros / ROUNDS;
        v.writes += (meter.writes() - writes) / INTAKES;
        v.reads += (meter.reads() - reads) / INTAKES;
      }
    }
    const results: BenchResult[] = variants.map((v) => ({
      name: `${v.name}: ${v.writes.toFixed(1)} item writes, ${v.reads.toFixed(1)} reads`,
      iterations: INTAKES,
      meanMicros: v.micros,
      opsPerSecond: 1_000_000 / v.micros,
    }));

    // Everything the logged variant wrote is waiting in the inbox: chain it all and share the time out.
    const logged = INTAKES + WARMUP;
    const [writesBefore, readsBefore] = [meter.writes(), meter.reads()];
    const started = performance.now();
    let sequenced = 0;
    for (let pass = (await services.sequencer.pass({ maxBatches: 1000 })).sequenced; pass > 0; ) {
      sequenced += pass;
      pass = (await services.sequencer.pass({ maxBatches: 1000 })).sequenced;
    }
    const elapsedMs = performance.now() - started;
    results.push({
      name: `sequencer, per intake (${(sequenced / logged).toFixed(1)} entries chained): ${((meter.writes() - writesBefore) / logged).toFixed(1)} item writes, ${((meter.reads() - readsBefore) / logged).toFixed(1)} reads`,
      iterations: logged,
      meanMicros: (elapsedMs * 1000) / logged,
      opsPerSecond: (logged * 1000) / elapsedMs,
    });

    const app = composeApp(runtime, [], services);
    await token('abh-03101'); // the identity is warm; the flood's tokens are garbage anyway
    const before = await sequencedCount(runtime);
    let i = 0;
    results.push(
      await measure(
        `${FLOOD.toLocaleString('en-US')} requests with a garbage token (401)`,
        FLOOD,
        async () => {
          i += 1;
          const response = await app.request('/v1/cases', { headers: { Authorization: `Bearer garbage.${i}.x` } });
          if (response.status !== 401) throw new Error(`answered ${response.status}`);
        },
        0,
      ),
    );
    // Close the window: the sequencer counts its repeats out once it has ended (a minute, plus grace).
    const sequencer = composeServices({ ...runtime, clock: () => new Date(Date.now() + 2 * 60_000) }).sequencer;
    await sequencer.pass();
    const written = (await sequencedCount(runtime)) - before;
    console.log(`\nThe flood of ${FLOOD.toLocaleString('en-US')} refused requests wrote ${written} exchange-log entries.`);
    return results;
  } finally {
    destroyAwsClients(clients);
    await stores.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Counts the items written through the document client (each item of a transaction, each put, update
 * or delete) and the read calls: a measure of what a variant costs that no busy machine distorts.
 * (DynamoDB Local does not report the consumed capacity of transactions or indexes.)
 */
function writeMeter(doc: Runtime['clients']['doc']) {
  let writes = 0;
  let reads = 0;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? '');
      const items = (args.input as { TransactItems?: unknown[] }).TransactItems;
      if (items) writes += items.length;
      else if (/^(Put|Update|Delete)(Item)?Command$/.test(name)) writes += 1;
      else if (/^(Get|Query|Scan)/.test(name)) reads += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchWriteMeter' },
  );
  return { writes: () => writes, reads: () => reads };
}

/** The sequencer's head: how many entries are chained. */
async function sequencedCount(runtime: Runtime): Promise<number> {
  const { Items = [] } = await runtime.clients.doc.send(
    new QueryCommand({
      TableName: runtime.resources.tables.audit.name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'HEAD' },
      ConsistentRead: true,
    }),
  );
  return Number(Items[0]?.seq ?? 0);
}
