import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { AUTHORITIES_FILE, POLICY_FILE, repoRoutingDir } from '../../functions/entry/routing-table-files.ts';
import { bundleFunction, copyDeployedFiles, type FunctionName, functionEntries } from './bundle-function.ts';
import { startLocalSecretsManager } from './local-secrets-manager.ts';

/**
 * The budget of every function (README, "Bundle size and cold start"). Sizes are of the minified code
 * without source maps; "at init" is what a cold start loads (the entry and the chunks it imports
 * statically), "in all" adds the chunks loaded lazily (the SDK's unused credential providers, say).
 */
export const BUDGET = { initKiB: 800, totalKiB: 1050, initMs: 600 } as const;

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = 5;
const KEY_RING_SECRET_ID = 'bundle-report-key-ring';

/** The output files a cold start loads: the entry and, transitively, its static imports (paths as esbuild names them, relative to the project). */
export function initFiles(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((file) => file.endsWith('index.mjs'));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !metafile.outputs[file]) return;
    seen.add(file);
    for (const i of metafile.outputs[file].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  if (entry) visit(entry);
  return [...seen];
}

/** Bytes of the code a cold start loads. */
export function initBytes(metafile: Metafile): number {
  return initFiles(metafile).reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0);
}

/**
 * One cold start in a fresh Node.js process: the module import, and for an HTTP function the first
 * answer (a path outside /v1 that the function does not serve: a 404 problem+json that needs no
 * store, so the time is the function's own: the key ring read, the registry and routing table, the
 * app's composition, the first routing). In ms of CPU time (user + system):
 * unlike the wall-clock time it does not grow with what else the machine runs, and a cold start is
 * bound by the CPU (compiling the bundle, building the schemas).
 */
async function coldStart(dir: string, name: FunctionName, env: Record<string, string>): Promise<number> {
  const http = name !== 'relay' && name !== 'sequencer';
  const script = `
    const started = process.cpuUsage();
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
    if (${http}) {
      const path = '/not-a-route';
      const answer = await handler({ version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers: { host: 'localhost' },
        requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' }, requestId: 'report', stage: '$default' }, isBase64Encoded: false }, {});
      if (answer.statusCode !== 404) throw new Error('status ' + answer.statusCode);
    }
    const used = process.cpuUsage(started);
    process.stdout.write(String((used.user + used.system) / 1000));`;
  try {
    // Not execFileSync: the local Secrets Manager answers from this process's event loop.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    return Number(stdout);
  } catch (error) {
    // A minified bundle's stack quotes whole lines of code: only the message is worth showing.
    const stderr = String((error as { stderr?: string }).stderr ?? '');
    const message = stderr
      .split('\n')
      .filter((line) => line.length < 400 && !line.startsWith('    at '))
      .join(' ');
    throw new Error(`${name}: the cold start failed: ${message.slice(0, 500)}`);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const kib = (bytes: number) => Math.round(bytes / 1024);

async function main(): Promise<void> {
  const secrets = await startLocalSecretsManager();
  const key = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  secrets.put(KEY_RING_SECRET_ID, JSON.stringify({ current: key() }));
  const env = {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'report',
    AWS_SECRET_ACCESS_KEY: 'report',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    KEY_RING_SECRET_ID,
    CHECKPOINT_KEY_ID: 'alias/bundle-report-checkpoints',
    RESOURCE_PREFIX: 'bundle-report',
    AUTH_ISSUER: 'https://idp.example.org',
    AUTH_JWKS_URL: 'https://idp.example.org/.well-known/jwks.json',
    LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  const rows: string[] = [];
  let over = false;
  try {
    for (const name of Object.keys(functionEntries) as FunctionName[]) {
      const dir = join(root, '.bundles', name);
      const { files, metafile } = await bundleFunction(name, dir);
      copyDeployedFiles(name, dir, {
        participantsFile: join(root, 'infra/participants.example.json'),
        routingDir: repoRoutingDir(),
        routingFiles: [AUTHORITIES_FILE, POLICY_FILE],
      });
      const total = files.filter((f) => f.endsWith('.mjs')).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
      const init = initBytes(metafile);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) times.push(await coldStart(dir, name, { ...env, LAMBDA_TASK_ROOT: dir }));
      const ms = median(times);
      const ok = kib(init) <= BUDGET.initKiB && kib(total) <= BUDGET.totalKiB && ms <= BUDGET.initMs;
      over ||= !ok;
      rows.push(
        `| ${name.padEnd(11)} | ${String(kib(init)).padStart(7)} | ${String(kib(total)).padStart(6)} | ${ms.toFixed(0).padStart(13)} | ${ok ? 'yes' : 'NO'} |`,
      );
    }
  } finally {
    await secrets.close();
  }
  console.log(`Lambda bundles (minified, without source maps) and cold starts under Node.js ${process.versions.node}, median of ${RUNS}`);
  console.log(`init ms: CPU time of the module import and the first answer; load average of this machine: ${loadavg()[0]?.toFixed(1)}`);
  console.log(`budget: at init <= ${BUDGET.initKiB} KiB, in all <= ${BUDGET.totalKiB} KiB, init <= ${BUDGET.initMs} ms\n`);
  console.log('| function    | at init KiB | in all KiB | init ms (CPU) | within budget |');
  console.log('| ----------- | ----------- | ---------- | ------------- | ------------- |');
  for (const row of rows) console.log(row);
  if (over) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
