import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import type { Centre } from '../../functions/core/centres.ts';
import { auditItems, type Verification } from '../support/audit.ts';
import { History } from '../support/history.ts';
import { isAlive, type StackProcess, startStack, stopStack, waitFor } from '../support/local-stack-process.ts';
import { minimalCase } from '../support/requests.ts';

const MUNICIPALITIES = [
  { clientId: 'abh-03101', centre: 'braunschweig' },
  { clientId: 'abh-03404', centre: 'osnabrueck' },
] as const;
const IN_FLIGHT = 6;
/** The prefix of the local stack's tables (local-server.ts; importing that module would start a stack). */
const LOCAL_PREFIX = 'rueckkehr-local';
const PER_WORKER = 6;

/**
 * `npm start` is killed (SIGKILL: no shutdown, DynamoDB Local orphaned) in the middle of a burst of
 * submissions and started again on the same data. Clients retry what got no answer with the same
 * Idempotency-Key. Once the relay has caught up, every accepted case is stored once and delivered to
 * exactly its centre, and nothing else is; the exchange log of both runs verifies.
 */
describe('a crash of the local server in the middle of a burst', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rueckkehr-crash-'));
  const started: StackProcess[] = [];
  afterAll(async () => {
    for (const stack of started) {
      stack.child.kill('SIGKILL');
      if (isAlive(stack.javaPid)) process.kill(stack.javaPid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const stack = await startStack(dataDir, [], { RELAY_INTERVAL_MS: '500' });
    started.push(stack);
    return stack;
  };
  const token = async (base: string, clientId: string) => {
    const response = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'dev-secret' }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };

  /**
   * The exchange log of both runs, read in this process from the server's own DynamoDB Local: once the
   * server's sequencer (on its relay timer) has chained every entry, the chain holds each accepted
   * creation once, and GET /v1/audit/verify finds it whole from its first entry to its head.
   */
  const expectLogVerifies = async (stack: StackProcess, accepted: Iterable<string>) => {
    const admin = await token(stack.base, 'admin');
    const clients = createAwsClients({
      region: LOCAL_REGION,
      local: { dynamoEndpoint: stack.endpoints.dynamo, sqsEndpoint: stack.endpoints.sqs },
    });
    const table = resourceSpecs(LOCAL_PREFIX).tables.audit.name;
    try {
      await waitFor(async () => (await auditItems(clients.doc, table, 'INBOX#')).length === 0 || undefined, 30_000, 'every entry chained');
      const chained = await auditItems(clients.doc, table, 'CHAIN#');
      const creations = chained.filter((e) => e.action === 'cases.create' && e.outcome === 'success');
      expect(creations.map((e) => (e.subject as { id: string }).id).sort()).toEqual([...accepted].sort());
      const response = await fetch(`${stack.base}/v1/audit/verify`, { headers: { Authorization: `Bearer ${admin}` } });
      expect(response.status).toBe(200);
      const verification = (await response.json()) as Verification;
      expect(verification).toMatchObject({ ok: true, firstBrokenSeq: null, problem: null, headSeq: chained.length });
      expect(verification.checked).toBe(chained.length);
    } finally {
      destroyAwsClients(clients);
    }
  };

  it('keeps every accepted case, once, and delivers it to its centre after the restart', async () => {
    const history = new History();
    const unanswered: { clientId: string; centre: Centre; key: string; body: string }[] = [];
    const first = await start();
    const tokens = new Map<string, string>();
    for (const m of MUNICIPALITIES) tokens.set(m.clientId, await token(first.base, m.clientId));
    const post = (base: string, clientId: string, key: string, body: string) =>
      fetch(`${base}/v1/cases`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.get(clientId)}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body,
      });
    let answered = 0;
    const burst = Array.from({ length: IN_FLIGHT }, async (_, worker) => {
      const m = MUNICIPALITIES[worker % MUNICIPALITIES.length] as (typeof MUNICIPALITIES)[number];
      for (let n = 0; n < PER_WORKER; n++) {
        const key = crypto.randomUUID();
        const body = JSON.stringify(minimalCase());
        try {
          const response = await post(first.base, m.clientId, key, body);
          history.answer(response.status);
          expect(response.status).toBe(201);
          const { id } = (await response.json()) as { id: string };
          history.accepted.set(id, { id, centre: m.centre, municipality: m.clientId, withdrawn: false });
          answered++;
        } catch {
          unanswered.push({ clientId: m.clientId, centre: m.centre, key, body }); // the connection died with the server
        }
      }
    });
    await waitFor(() => answered >= 6 || undefined, 60_000, 'the burst to be under way');
    first.child.kill('SIGKILL');
    await Promise.all(burst);
    expect(unanswered.length).toBeGreaterThan(0);

    const second = await start(); // ends the orphaned DynamoDB Local, keeps the data
    for (const m of MUNICIPALITIES) tokens.set(m.clientId, await token(second.base, m.clientId));
    for (const u of unanswered) {
      const response = await post(second.base, u.clientId, u.key, u.body);
      history.answer(response.status);
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      history.accepted.set(id, { id, centre: u.centre, municipality: u.clientId, withdrawn: false });
    }

    const centreTokens = new Map<Centre, string>();
    for (const centre of ['braunschweig', 'osnabrueck'] as const) centreTokens.set(centre, await token(second.base, `centre-${centre}`));
    const leaseAndAck = async (centre: Centre) => {
      const headers = { Authorization: `Bearer ${centreTokens.get(centre)}`, 'Content-Type': 'application/json' };
      const response = await fetch(`${second.base}/v1/centres/${centre}/work/lease`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ max: 10 }),
      });
      const { items } = (await response.json()) as {
        items: { workId: string; type: string; subject: { id: string }; leaseToken: string }[];
      };
      history.lease(centre, items);
      if (items.length > 0) {
        const ack = JSON.stringify({ leaseTokens: items.map((i) => i.leaseToken) });
        await fetch(`${second.base}/v1/centres/${centre}/work/ack`, { method: 'POST', headers, body: ack });
      }
      return items.length;
    };
    // Leases of the first run that never got answered come back when their lease runs out (300 s by default):
    // none were made here, so the relay (every 500 ms) and the queues alone must hand out everything.
    const deadline = Date.now() + 90_000;
    while (history.missing().length > 0 && Date.now() < deadline) {
      if ((await leaseAndAck('braunschweig')) + (await leaseAndAck('osnabrueck')) === 0) await sleep(500);
    }
    const stored: string[] = [];
    for (const m of MUNICIPALITIES) {
      const response = await fetch(`${second.base}/v1/cases?limit=100`, { headers: { Authorization: `Bearer ${tokens.get(m.clientId)}` } });
      stored.push(...((await response.json()) as { items: { id: string }[] }).items.map((i) => i.id));
    }
    expect(history.missing()).toEqual([]);
    expect(history.violations(stored)).toEqual([]);
    await expectLogVerifies(second, history.accepted.keys());
    expect(await stopStack(second)).toBe(0);
    await waitFor(() => !isAlive(second.javaPid) || undefined, 10_000, 'java to end');
  });
});
