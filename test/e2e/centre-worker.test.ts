import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/local-stack-process.ts';
import { created, type Json, minimalCase } from '../support/requests.ts';
import { createTestApp, DEV_SECRET, type TestApp } from '../support/runtime.ts';

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exit: Promise<number | null>;
}

/**
 * `npm run worker` against a test server: the worker's own entry point, as a process, finding the API
 * by PORT and getting its token from the server's local issuer with the test's client secret.
 */
describe('npm run worker (the reference centre worker)', { timeout: 120_000 }, () => {
  let t: TestApp;
  const running: ChildProcess[] = [];
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await t.close();
  });

  function start(args: string[], env: Record<string, string> = {}): Run {
    const child = spawn(process.execPath, ['tools/centre-worker/worker-cli.ts', ...args], {
      env: { ...process.env, PORT: new URL(t.base).port, DEV_CLIENT_SECRET: DEV_SECRET, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, output: () => ({ stdout, stderr }), exit };
  }

  async function drain(args: string[]) {
    const run = start(['--once', ...args]);
    const code = await run.exit;
    return { code, ...run.output() };
  }

  /** What is left on a centre's queue, leased (and so held back) for 30 s. */
  async function lease(centre: 'braunschweig' | 'osnabrueck') {
    const response = await t.call(`centre-${centre}`, `/v1/centres/${centre}/work/lease`, {
      method: 'POST',
      body: JSON.stringify({ max: 10, leaseSeconds: 30, waitSeconds: 0 }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { workId: string; leaseToken: string; subject: { id: string } }[] }).items;
  }

  it('leases, prints and acks every item of its centre, without personal data, and leaves the other centre’s work alone', async () => {
    const first = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const second = await created(t, 'abh-03241', '/v1/cases', minimalCase());
    const other = await created(t, 'abh-03404', '/v1/cases', minimalCase());

    const { code, stdout, stderr } = await drain(['--centre', 'braunschweig']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const c of [first, second])
      expect(stdout).toMatch(new RegExp(`received {2}case\\.submitted {2}case ${c.id} {2}work \\S+ {2}delivery 1`));
    expect(stdout).toContain('progress: 2 leased, 2 processed, 0 duplicates, 2 acked, 0 ack failed, 0 released');
    expect(stdout).not.toContain(other.id);
    expect(stdout).not.toMatch(/Beispiel|Amal|1990-04-12|Sachbearbeitung/);

    expect(await lease('braunschweig')).toEqual([]);
    expect((await lease('osnabrueck')).map((i) => i.subject.id)).toEqual([other.id]);
  });

  it('prints the resource with --show-personal-data', async () => {
    const c = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const { code, stdout } = await drain(['--centre', 'braunschweig', '--show-personal-data']);
    expect(code).toBe(0);
    expect(stdout).toContain(`case ${c.id}`);
    expect(stdout).toContain('"familyName": "Beispiel"');
  });

  it('shows the delivery count of an item another consumer released', async () => {
    const c = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [leased] = await lease('braunschweig');
    expect(leased?.subject.id).toBe(c.id);
    const release = await t.call('centre-braunschweig', '/v1/centres/braunschweig/work/release', {
      method: 'POST',
      body: JSON.stringify({ leaseTokens: [leased?.leaseToken] }),
    });
    expect(release.status).toBe(200);
    // A release hands the item out again a second later (see SqsWorkQueue.setVisibility).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { code, stdout } = await drain(['--centre', 'braunschweig']);
    expect(code).toBe(0);
    expect(stdout).toContain(`case ${c.id}  work ${leased?.workId}  delivery 2`);
  });

  it('finishes and acks its batch on Ctrl-C, then exits', async () => {
    const run = start(['--centre', 'braunschweig', '--wait-seconds', '1']);
    await waitFor(() => run.output().stdout.includes('Centre worker for braunschweig') || undefined, 20_000, 'the worker to start');
    const c: Json = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await waitFor(() => run.output().stdout.includes(`case ${c.id}`) || undefined, 20_000, 'the worker to print the case');
    await waitFor(() => run.output().stdout.includes('progress: ') || undefined, 20_000, 'the batch to be acked');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.output().stderr).toContain('Stopping after the current batch');
    expect(run.output().stdout).toMatch(/Stopped\. progress: 1 leased, 1 processed, 0 duplicates, 1 acked/);
    expect(await lease('braunschweig')).toEqual([]);
  });

  it('explains a wrong command line with its usage, and exits 2', async () => {
    const { code, stderr } = await drain(['--centre', 'hannover']);
    expect(code).toBe(2);
    expect(stderr).toContain('--centre: must be one of braunschweig, osnabrueck');
    expect(stderr).toContain('Usage: npm run worker');
  });

  it('says at once that the API does not answer, and exits 1', async () => {
    const { code, stderr } = await drain(['--centre', 'braunschweig', '--base-url', 'http://127.0.0.1:9']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'No answer from the token endpoint http://127.0.0.1:9/oauth/token. Is the local stack running (npm start) on http://127.0.0.1:9?',
    );
  });

  it('says at once that the token endpoint refuses its client, and exits 1', async () => {
    const { code, stderr } = await drain(['--centre', 'braunschweig', '--client-id', 'centre-unknown']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^The token endpoint refused centre-unknown: invalid_client/);
  });
});
