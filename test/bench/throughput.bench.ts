import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { QueueUrls } from '../../functions/adapters/sqs-queue-urls.ts';
import { CENTRES, type Centre } from '../../functions/core/centres.ts';
import type { Principal } from '../../functions/core/participants.ts';
import { loadLocalRegistry } from '../../functions/entry/local/local-auth.ts';
import { loadRoutingTable } from '../../functions/entry/routing-table-files.ts';
import { fullCase } from '../support/fixtures.ts';
import { isAlive, startStack, stopStack, waitFor } from '../support/local-stack-process.ts';
import { BaselineCalls, type BaselineLease } from './load/baseline-calls.ts';
import { countOperationCalls } from './load/call-counts.ts';
import { type Context, type HttpStep, runHttpLoad } from './load/http-load.ts';
import { machine, type ScenarioResult, type ThroughputReport, toMarkdown, writeReport } from './load/report.ts';
import { runSdkLoad } from './load/sdk-load.ts';

export const title = 'Throughput against the storage: the API over HTTP vs the same DynamoDB and SQS calls through the SDK';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Work items put on the queues before each lease + ack phase: more than a phase can take. */
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 40 * SECONDS);
const LEASE_MAX = 10;
/** The tables and queues of `npm start` (functions/entry/local/local-server.ts). */
const LOCAL_PREFIX = 'rueckkehr-local';
const root = fileURLToPath(new URL('../../', import.meta.url));

const body = () =>
  fullCase({ municipalReference: `BENCH-${crypto.randomUUID()}` }) as Record<string, unknown> & { municipalReference: string };

/**
 * `npm run bench -- throughput`: starts the local stack as `npm start` composes it (DynamoDB Local in
 * memory, see load/bench-server.ts; rate limit out of the way), and in the same run drives (a) case submissions, (b) lease + ack and (c) a mix
 * with lists and reads over HTTP with autocannon, each followed by its baseline: the same storage calls
 * straight through the SDK, from as many concurrent loops as there are connections. Prints and writes
 * the report (test/bench/results/throughput.{json,md}, and the README's figures).
 */
export default async function bench(): Promise<string> {
  const before = machine();
  const dataDir = mkdtempSync(join(tmpdir(), 'rueckkehr-bench-stack-'));
  const stack = await startStack(
    dataDir,
    [],
    { LOG_LEVEL: 'ERROR', RATE_LIMIT_PER_WINDOW: '1000000000' },
    'test/bench/load/bench-server.ts',
  );
  const clients = createAwsClients({
    region: LOCAL_REGION,
    local: { dynamoEndpoint: stack.endpoints.dynamo, sqsEndpoint: stack.endpoints.sqs },
  });
  try {
    const resources = resourceSpecs(LOCAL_PREFIX);
    const routing = loadRoutingTable();
    const registry = loadLocalRegistry();
    const baseline = new BaselineCalls(clients, resources, routing);
    const municipalities = routing.entries.slice(0, CONNECTIONS).map((e) => registry.principal(`abh-${e.ags}`) as Principal);
    const centres = CENTRES.map((c) => registry.principal(`centre-${c}`) as Principal);
    const tokens = new Map<string, string>();
    for (const p of [...municipalities, ...centres]) tokens.set(p.clientId, await fetchToken(stack.base, p.clientId));
    const tokenOf = (p: Principal) => tokens.get(p.clientId) ?? '';
    const municipalityOf = (i: number) => municipalities[i % municipalities.length] as Principal;
    const centreOf = (i: number) => centres[i % centres.length] as Principal;
    const options = { connections: CONNECTIONS, durationSeconds: SECONDS };

    const submitStep: HttpStep = {
      method: 'POST',
      path: () => '/v1/cases',
      token: (ctx) => tokenOf(municipalityOf(ctx.connection)),
      headers: () => ({ 'idempotency-key': crypto.randomUUID() }),
      body,
      expect: [201],
      onAnswer: (text, ctx) => {
        ctx.caseId = (JSON.parse(text) as { id: string }).id;
        return 1;
      },
    };
    const leaseSteps = (unitPerRequest: boolean): HttpStep[] => [
      {
        method: 'POST',
        path: (ctx) => `/v1/centres/${centreOf(ctx.connection).organisation}/work/lease`,
        token: (ctx) => tokenOf(centreOf(ctx.connection)),
        body: () => ({ max: LEASE_MAX, leaseSeconds: 300, waitSeconds: 0 }),
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
    const baselineCycle = async (probe: Parameters<Parameters<typeof runSdkLoad>[0]>[0], worker: number, unitPerRequest: boolean) => {
      const centre = centreOf(worker);
      const leased: BaselineLease[] = await probe.time(() => baseline.lease(centre, centre.organisation as Centre, LEASE_MAX));
      if (unitPerRequest) probe.done();
      if (leased.length === 0) return;
      const acked = await probe.time(() => baseline.ack(centre, centre.organisation as Centre, leased));
      probe.done(unitPerRequest ? 1 : acked);
    };

    // Warm-up of both sides (JIT, DynamoDB Local's JVM, connection pools), not measured.
    await runHttpLoad(stack.base, [submitStep], { ...options, durationSeconds: 2 });
    await runSdkLoad(async (_, w) => void (await baseline.submitCase(municipalityOf(w), body())), { ...options, durationSeconds: 2 });

    const scenarios: ScenarioResult[] = [];
    const scenario = (name: string, unit: string, api: ScenarioResult['api'], base: ScenarioResult['baseline']) => {
      scenarios.push({ name, unit, api, baseline: base, ratio: base.throughput > 0 ? api.throughput / base.throughput : 0 });
      console.log(`  ${name}: API ${api.throughput.toFixed(1)} ${unit}/s, baseline ${base.throughput.toFixed(1)} ${unit}/s`);
    };

    const submitApi = await runHttpLoad(stack.base, [submitStep], options);
    const submitBase = await runSdkLoad(async (probe, w) => {
      await probe.time(() => baseline.submitCase(municipalityOf(w), body()));
      probe.done();
    }, options);
    scenario('(a) submit a case', 'cases', submitApi, submitBase);

    const seed = async (count: number) => {
      let left = count;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async (_, w) => {
          while (left-- > 0) await baseline.submitCase(municipalityOf(w), body());
        }),
      );
    };
    await seedUntil(seed, () => queued(clients, resources), BACKLOG);
    const leaseApi = await runHttpLoad(stack.base, leaseSteps(false), options);
    await seedUntil(seed, () => queued(clients, resources), BACKLOG);
    const leaseBase = await runSdkLoad((probe, w) => baselineCycle(probe, w, false), options);
    scenario('(b) lease + ack (10 per lease)', 'items', leaseApi, leaseBase);

    const mixedApi = await runHttpLoad(
      stack.base,
      [
        submitStep,
        { method: 'GET', path: () => '/v1/cases?limit=25', token: (ctx) => tokenOf(municipalityOf(ctx.connection)), expect: [200] },
        {
          method: 'GET',
          path: (ctx: Context) => `/v1/cases/${String(ctx.caseId)}`,
          token: (ctx) => tokenOf(municipalityOf(ctx.connection)),
          skip: (ctx) => ctx.caseId === undefined,
          expect: [200],
        },
        ...leaseSteps(true),
      ],
      options,
    );
    const mixedBase = await runSdkLoad(async (probe, w) => {
      const municipality = municipalityOf(w);
      const meta = await probe.time(() => baseline.submitCase(municipality, body()));
      probe.done();
      await probe.time(() => baseline.list(municipality));
      probe.done();
      await probe.time(() => baseline.read(municipality, meta.id));
      probe.done();
      await baselineCycle(probe, w, true);
    }, options);
    scenario('(c) mixed: submit, list, read, lease, ack', 'requests', mixedApi, mixedBase);

    const report: ThroughputReport = {
      at: new Date().toISOString(),
      machine: { ...before, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      settings: { connections: CONNECTIONS, durationSeconds: SECONDS },
      scenarios,
      calls: await countOperationCalls({ dynamoEndpoint: stack.endpoints.dynamo, sqsEndpoint: stack.endpoints.sqs }),
    };
    writeReport(report, join(root, 'test/bench/results/throughput'), join(root, 'README.md'));
    return toMarkdown(report);
  } finally {
    destroyAwsClients(clients);
    await stopStack(stack, 'SIGINT');
    await waitFor(() => !isAlive(stack.javaPid) || undefined, 10_000, 'DynamoDB Local to end').catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function fetchToken(base: string, clientId: string): Promise<string> {
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: process.env.DEV_CLIENT_SECRET ?? 'dev-secret',
    }),
  });
  const answer = (await response.json()) as { access_token?: string };
  if (!answer.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(answer)}`);
  return answer.access_token;
}

/** Work items visible on both centres' queues (SQS's approximate count). */
async function queued(clients: ReturnType<typeof createAwsClients>, resources: ReturnType<typeof resourceSpecs>): Promise<number> {
  const urls = new QueueUrls(clients.sqs, resources.queues);
  let total = 0;
  for (const centre of CENTRES) {
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: await urls.main(centre), AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    total += Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  }
  return total;
}

/** Tops the queues up to `target` visible items, so that a lease phase never runs dry. */
async function seedUntil(seed: (count: number) => Promise<void>, count: () => Promise<number>, target: number): Promise<void> {
  const waiting = await count();
  if (waiting < target) await seed(target - waiting);
  const now = await count();
  console.log(`  backlog before the phase: ${now} work items`);
}
