import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { QueueUrls } from '../../functions/adapters/sqs-queue-urls.ts';
import { CENTRES } from '../../functions/core/centres.ts';
import type { Principal } from '../../functions/core/participants.ts';
import { loadLocalRegistry } from '../../functions/entry/local/local-auth.ts';
import { loadRoutingTable } from '../../functions/entry/routing-table-files.ts';
import { isAlive, startStack, stopStack, waitFor } from '../support/local-stack-process.ts';
import { BaselineCalls } from './load/baseline-calls.ts';
import { countOperationCalls } from './load/call-counts.ts';
import { type HttpStep, runHttpLoad } from './load/http-load.ts';
import { LoadRecorder, type LoadResult } from './load/load-result.ts';
import { BENCH_IN_FLIGHT_PATH, PHASE_CALLS_PREFIX } from './load/phase-signal.ts';
import { cpuSnapshot, cpuUsedSince } from './load/process-cpu.ts';
import { machine, type ScenarioResult, type ThroughputReport, toMarkdown, writeReport } from './load/report.ts';
import { baselineLoops, caseBody, httpSteps, LEASE_MAX, MIXED_LEASE_MAX, municipalitiesForBothCentres } from './load/scenarios.ts';
import { type Probe, runSdkLoad } from './load/sdk-load.ts';

export const title = 'Throughput against the storage: the API over HTTP vs the same DynamoDB and SQS calls through the SDK';

/** The settings of the published figures (README); a run with others prints its table but publishes nothing. */
const PUBLISHED = { connections: 16, seconds: 20, authorities: 36, rampSeconds: 3, warmupSeconds: 15 };
const setting = (name: string, published: number) => Number(process.env[name] ?? published);
const CONNECTIONS = setting('BENCH_CONNECTIONS', PUBLISHED.connections);
/** Measured seconds per side and scenario (two phases of half that each). */
const SECONDS = setting('BENCH_SECONDS', PUBLISHED.seconds);
/** Authorities that submit, half of them routed to each centre (Osnabrück has 18 in the table). */
const AUTHORITIES = setting('BENCH_AUTHORITIES', PUBLISHED.authorities);
/** Seconds each phase's load runs before its measured window opens. */
const RAMP_SECONDS = setting('BENCH_RAMP_SECONDS', PUBLISHED.rampSeconds);
/** Seconds of unmeasured mixed load on each side before the first phase. */
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', PUBLISHED.warmupSeconds);
/**
 * Visible work items on the queues before each lease + ack phase: more than a phase can take (a quiet
 * machine acked about 50 items/s, about 700 in a phase of 10 s with its ramp).
 */
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 80 * SECONDS);
const PUBLISHED_BACKLOG = 80 * PUBLISHED.seconds;
const PUBLISHED_SETTINGS =
  CONNECTIONS === PUBLISHED.connections &&
  SECONDS === PUBLISHED.seconds &&
  AUTHORITIES === PUBLISHED.authorities &&
  RAMP_SECONDS === PUBLISHED.rampSeconds &&
  WARMUP_SECONDS === PUBLISHED.warmupSeconds &&
  BACKLOG === PUBLISHED_BACKLOG;
/** `BENCH_SCENARIOS=a,c` runs only those scenarios (for profiling one); all by default. */
const ALL_SCENARIOS = ['a', 'b', 'c'];
const SCENARIOS = [...new Set((process.env.BENCH_SCENARIOS ?? ALL_SCENARIOS.join(',')).split(',').map((s) => s.trim()))];
const unknownScenarios = SCENARIOS.filter((s) => !ALL_SCENARIOS.includes(s));
if (unknownScenarios.length > 0)
  throw new Error(`BENCH_SCENARIOS: unknown ${unknownScenarios.join(', ')} (known: ${ALL_SCENARIOS.join(', ')})`);
/** Where the server's CPU profiles go, one per phase (`BENCH_CPU_PROFILE_DIR`; see load/phase-profiler.ts). */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR ? resolve(process.env.BENCH_CPU_PROFILE_DIR) : undefined;
/** The tables and queues of `npm start` (functions/entry/local/local-server.ts). */
const LOCAL_PREFIX = 'rueckkehr-local';
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `npm run bench -- throughput`: starts the local stack as `npm start` composes it (DynamoDB Local in
 * memory, see load/bench-server.ts; the rate limiter on with an allowance the load never reaches; logs
 * at INFO as deployed), and in the same run drives (a) case submissions, (b) lease + ack and (c) a mix
 * with lists and reads over HTTP with autocannon, each against its baseline: the same storage calls
 * straight through the SDK, from as many concurrent loops as there are connections. Each side runs
 * `BENCH_SECONDS` per scenario, in two phases (API, baseline, baseline, API). Records the CPU seconds of
 * each process per phase. Prints and writes the report (test/bench/results/throughput.{json,md},
 * and the README's figures).
 */
export default async function bench(): Promise<string> {
  const before = machine();
  const dataDir = mkdtempSync(join(tmpdir(), 'rueckkehr-bench-stack-'));
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const stack = await startStack(
    dataDir,
    [],
    { LOG_LEVEL: 'INFO', RATE_LIMIT_PER_WINDOW: '1000000000', ...(PROFILE_DIR ? { BENCH_CPU_PROFILE_DIR: PROFILE_DIR } : {}) },
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
    // Every authority of the smaller centre and as many of the other: both centres get half the work.
    const municipalities = municipalitiesForBothCentres(routing, AUTHORITIES).map((ags) => registry.principal(`abh-${ags}`) as Principal);
    const tokens = new Map<string, string>();
    const centres = CENTRES.map((c) => registry.principal(`centre-${c}`) as Principal);
    for (const p of [...municipalities, ...centres]) tokens.set(p.clientId, await fetchToken(stack.base, p.clientId));
    let turn = 0;
    const actors = {
      nextMunicipality: () => municipalities[turn++ % municipalities.length] as Principal,
      // Half the connections lease for each centre.
      centreOf: (i: number) => centres[i % centres.length] as Principal,
      tokenOf: (p: Principal) => tokens.get(p.clientId) ?? '',
    };
    const steps = httpSteps(actors);
    const loops = baselineLoops(baseline, actors);
    const options = { connections: CONNECTIONS, durationSeconds: SECONDS };
    const pids = { server: stack.child.pid ?? 0, 'DynamoDB Local': stack.javaPid, 'bench client': process.pid };
    /**
     * One phase of one side: the load runs {@link RAMP_SECONDS} before its measured window (connections
     * and loops reach their pace) and a second after it; only what completes inside the window counts.
     * Answers the CPU seconds per process in the window and the storage calls the server made in it
     * (the API's, the relay's, the rate limiter's).
     */
    const phase = async (load: Load, recorder: LoadRecorder, seconds: number) => {
      const printed = stack.output().split(PHASE_CALLS_PREFIX).length;
      const running = load(recorder, RAMP_SECONDS + seconds + 1);
      await sleep(RAMP_SECONDS * 1000);
      stack.child.kill('SIGUSR2');
      const cpuBefore = cpuSnapshot(pids);
      const unitsBefore = recorder.units;
      recorder.open();
      await sleep(seconds * 1000);
      const throughput = (recorder.units - unitsBefore) / recorder.close();
      const cpuSeconds = cpuUsedSince(pids, cpuBefore);
      stack.child.kill('SIGUSR2');
      await running;
      // The API's requests in flight when autocannon stopped still run on the server: let them end first.
      await waitFor(
        async () =>
          ((await (await fetch(`${stack.base}${BENCH_IN_FLIGHT_PATH}`)).json()) as { inFlight: number }).inFlight === 0 || undefined,
        120_000,
        'the server to finish its requests in flight',
      );
      const line = await waitFor(
        () => {
          const rest = stack.output().split(PHASE_CALLS_PREFIX)[printed];
          return rest?.includes('\n') ? rest : undefined;
        },
        30_000,
        'the phase-calls line',
      );
      return { throughput, cpuSeconds, serverCalls: JSON.parse(line.slice(0, line.indexOf('\n'))) as Record<string, number> };
    };
    /**
     * Both sides of a scenario, each in two phases of half the time, in the order API, baseline,
     * baseline, API: a drift of the machine during the scenario (other jobs, DynamoDB Local's growing
     * tables and its JIT) then weighs on both sides alike. Single phases in the order API, baseline gave
     * submit ratios from 0.93 to 1.20 in three runs on a quiet machine. `before` runs ahead of each phase.
     */
    const sides = async (run: Record<Side, Load>, before?: () => Promise<void>) => {
      const totals = { api: sideTotal(), baseline: sideTotal() };
      for (const side of ABBA) {
        await before?.();
        const total = totals[side];
        const measured = await phase(run[side], total.recorder, SECONDS / 2);
        total.phaseThroughputs.push(Math.round(measured.throughput * 10) / 10);
        addCounts(total.cpuSeconds, measured.cpuSeconds);
        addCounts(total.serverCalls, measured.serverCalls);
      }
      return { api: sideResult(totals.api), baseline: sideResult(totals.baseline) };
    };
    const http =
      (s: HttpStep[]): Load =>
      (recorder, seconds) =>
        runHttpLoad(stack.base, s, { ...options, durationSeconds: seconds }, recorder);
    const sdk =
      (loop: (probe: Probe, w: number) => Promise<void>): Load =>
      (recorder, seconds) =>
        runSdkLoad(loop, { ...options, durationSeconds: seconds }, recorder);

    // Warm-up of both sides with every operation (connection pools, V8's and DynamoDB Local's JIT), not
    // measured. DynamoDB Local's JVM compiles for tens of seconds after its start: with a 2 s warm-up the
    // first measured phase (always the API's) ran at half the speed it reached later, measured here
    // (API 7.4 vs baseline 16.9 cases/s in that order, 19.9 vs 12.7 with the baseline first).
    await http(steps.mixed)(new LoadRecorder(), WARMUP_SECONDS);
    await sdk(loops.mixed)(new LoadRecorder(), WARMUP_SECONDS);

    const scenarios: ScenarioResult[] = [];
    const scenario = (name: string, unit: string, { api, baseline: base }: Record<Side, LoadResult>) => {
      scenarios.push({ name, unit, api, baseline: base, ratio: base.throughput > 0 ? api.throughput / base.throughput : 0 });
      console.log(`  ${name}: API ${api.throughput.toFixed(1)} ${unit}/s, baseline ${base.throughput.toFixed(1)} ${unit}/s`);
      console.log(
        `    server's storage calls: API phases ${JSON.stringify(api.serverCalls)}, baseline phases ${JSON.stringify(base.serverCalls)}`,
      );
    };
    if (SCENARIOS.includes('a')) {
      scenario('(a) submit a case', 'cases', await sides({ api: http(steps.submit), baseline: sdk(loops.submit) }));
    }
    if (SCENARIOS.includes('b')) {
      const seed = async (count: number) => {
        let left = count;
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async () => {
            while (left-- > 0) await baseline.submitCase(actors.nextMunicipality(), caseBody());
          }),
        );
      };
      const measured = await sides({ api: http(steps.leaseAndAck), baseline: sdk(loops.leaseAndAck) }, () =>
        seedUntil(seed, () => queued(clients, resources), BACKLOG),
      );
      scenario(`(b) lease + ack (${LEASE_MAX} per lease)`, 'items', measured);
    }
    if (SCENARIOS.includes('c')) {
      const measured = await sides({ api: http(steps.mixed), baseline: sdk(loops.mixed) });
      scenario(`(c) mixed: submit, list, read, lease ${MIXED_LEASE_MAX}, ack`, 'requests', measured);
    }

    const report: ThroughputReport = {
      at: new Date().toISOString(),
      machine: { ...before, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      settings: { connections: CONNECTIONS, durationSeconds: SECONDS },
      scenarios,
      calls: await countOperationCalls({ dynamoEndpoint: stack.endpoints.dynamo, sqsEndpoint: stack.endpoints.sqs }),
    };
    // A partial run (some scenarios, other settings, or profiling, which slows the server) does not replace the published figures.
    if (SCENARIOS.length === ALL_SCENARIOS.length && !PROFILE_DIR && PUBLISHED_SETTINGS) {
      writeReport(report, join(root, 'test/bench/results/throughput'), join(root, 'README.md'));
      // In the project's format (`npm run lint` checks Markdown and JSON too), so a run can be committed as it is.
      const written = ['test/bench/results/throughput.json', 'test/bench/results/throughput.md', 'README.md'];
      execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', ...written.map((f) => join(root, f))], { stdio: 'ignore' });
    } else console.log('  (settings other than the published ones: the README and test/bench/results are left as they were)');
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
      // The bench server's documented local dev secret (load/bench-server.ts), whatever the shell sets.
      client_secret: 'dev-secret',
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

type Side = 'api' | 'baseline';
/** The order of a scenario's phases (see `sides` in the bench). */
const ABBA: Side[] = ['api', 'baseline', 'baseline', 'api'];

/** Runs one side's load for the given seconds into the recorder (which counts only inside its windows). */
type Load = (recorder: LoadRecorder, seconds: number) => Promise<void>;

/** What one side of a scenario has measured so far, over its phases. */
function sideTotal() {
  return {
    recorder: new LoadRecorder(),
    phaseThroughputs: [] as number[],
    cpuSeconds: {} as Record<string, number>,
    serverCalls: {} as Record<string, number>,
  };
}

function sideResult(total: ReturnType<typeof sideTotal>): LoadResult {
  const cpuSeconds = Object.fromEntries(Object.entries(total.cpuSeconds).map(([name, s]) => [name, Math.round(s * 100) / 100]));
  return { ...total.recorder.result(), phaseThroughputs: total.phaseThroughputs, cpuSeconds, serverCalls: total.serverCalls };
}

function addCounts(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [name, n] of Object.entries(counts)) into[name] = (into[name] ?? 0) + n;
}
