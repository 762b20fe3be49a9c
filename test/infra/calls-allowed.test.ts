import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../infra/bundle/bundle-function.ts';
import { injectSqsOutage } from '../support/faults.ts';
import { minimalCase, minimalConsultation, submit } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import type { AuthorisationRequest } from './authorisation-requests.ts';
import { type AwsCallRecorder, recordAwsCalls } from './aws-call-recorder.ts';
import { BUNDLING_TIMEOUT_MS, type Bundled, bundled } from './bundled.ts';
import { invoker, roleCheck } from './function-calls.ts';
import { type LocalKms, startLocalKms } from './local-kms.ts';

const ALL: FunctionName[] = ['requests', 'centre-work', 'admin', 'operations', 'relay', 'sequencer'];
const REASON = 'Person ist in den Landkreis Osnabrück umgezogen';

/**
 * Every AWS call each deployed function makes, checked against that function's role in the synthesised
 * template: the bundled functions run the routes of each group, the relay and the sequencer against the
 * local stores (which check no permission), their calls are recorded on the wire, and a small IAM
 * evaluator decides each one (transaction parts as their single-item actions, index ARNs, partition
 * keys for LeadingKeys). A call the code makes and its role does not allow fails here, not on AWS.
 */
describe('the calls each deployed function makes are allowed by its role', () => {
  let t: TestApp;
  let b: Bundled;
  let kms: LocalKms;
  let recorder: AwsCallRecorder;
  let requests: AuthorisationRequest[];
  let denied: string[];

  beforeAll(async () => {
    t = await createTestApp();
    kms = await startLocalKms();
    process.env.AWS_ENDPOINT_URL_KMS = kms.endpoint;
    recorder = recordAwsCalls();
    // Cold starts are recorded too: the key ring is read when a module loads.
    b = await bundled(t, ALL, { current: Buffer.alloc(32, 9).toString('base64') }, { recorder });
    await exercise(t, b);
    const check = roleCheck(t);
    requests = check.requestsOf(recorder);
    denied = check.denied(requests);
  }, BUNDLING_TIMEOUT_MS * 2);
  afterAll(async () => {
    recorder?.stop();
    delete process.env.AWS_ENDPOINT_URL_KMS;
    await b?.close();
    await kms?.close();
    await t?.close();
  });

  it('allows every call of every function, every transaction part included', () => {
    expect(denied).toEqual([]);
  });

  it('exercised what each role is for: refusals, chaining, checkpoints, sends, leases, redrive and audit reads', () => {
    const made = new Set(requests.map((r) => `${r.caller} ${r.action} ${r.resource.replace(/^.*:(table\/|key\/|secret:)?/, '')}`));
    const expected = [
      // Refusals: the counter's update in the audit table, by every API function.
      'requests dynamodb:UpdateItem rueckkehr-test-audit',
      'centre-work dynamodb:UpdateItem rueckkehr-test-audit',
      'admin dynamodb:UpdateItem rueckkehr-test-audit',
      // Chaining (the transaction's Delete of what it chained), the head, and a signed checkpoint.
      'sequencer dynamodb:DeleteItem rueckkehr-test-audit',
      'sequencer dynamodb:PutItem rueckkehr-test-audit',
      `sequencer kms:Sign`,
      'admin kms:GetPublicKey',
      // The relay's send and removal, the lease cycle, the redrive and the audit reads.
      'relay sqs:SendMessage rueckkehr-test-braunschweig.fifo',
      'relay dynamodb:DeleteItem rueckkehr-test-data',
      'centre-work sqs:ReceiveMessage rueckkehr-test-osnabrueck.fifo',
      'centre-work sqs:ChangeMessageVisibility rueckkehr-test-osnabrueck.fifo',
      'centre-work sqs:DeleteMessage rueckkehr-test-osnabrueck.fifo',
      'admin sqs:ReceiveMessage rueckkehr-test-braunschweig-dlq.fifo',
      'admin sqs:DeleteMessage rueckkehr-test-braunschweig-dlq.fifo',
      'admin dynamodb:Query rueckkehr-test-audit/index/auditByTime',
      'requests secretsmanager:GetSecretValue',
    ];
    const missing = expected.filter((call) => ![...made].some((m) => m.startsWith(call)));
    expect(missing).toEqual([]);
  });
});

/** A representative run of every route group and both background functions (the order matters: later steps use earlier state). */
async function exercise(t: TestApp, b: Bundled): Promise<void> {
  const { http, invoke } = invoker(t, b);
  const ok = async (response: Promise<{ status: number; json: () => Record<string, unknown> & { id: string } }>, status = 200) => {
    const r = await response;
    expect(r.status, JSON.stringify(r.json())).toBe(status);
    return r.json();
  };
  const key = { 'idempotency-key': crypto.randomUUID() };
  // Municipal intake and resources (requests), an idempotent replay, lists, the feed and the routing table.
  const body = minimalCase();
  const braunschweig = await ok(http('requests', 'POST', '/v1/cases', 'abh-03101', body, key), 201);
  await ok(http('requests', 'POST', '/v1/cases', 'abh-03101', body, key), 201);
  const osnabrueck = await ok(
    http('requests', 'POST', '/v1/cases', 'abh-03404', minimalCase(), { 'idempotency-key': crypto.randomUUID() }),
    201,
  );
  const withdrawn = await ok(
    http('requests', 'POST', '/v1/consultations', 'abh-03101', minimalConsultation(), { 'idempotency-key': crypto.randomUUID() }),
    201,
  );
  await ok(http('requests', 'GET', `/v1/cases/${braunschweig.id}`, 'abh-03101'));
  await ok(http('requests', 'GET', '/v1/cases?limit=5', 'abh-03101'));
  await ok(http('requests', 'GET', '/v1/events', 'abh-03101'));
  await ok(http('requests', 'GET', '/v1/routing-table', 'abh-03101'));
  await ok(http('requests', 'POST', `/v1/consultations/${withdrawn.id}/withdraw`, 'abh-03101', { reason: 'Ausgereist' }));
  // Refusals in each API function, each twice (the second counts a repeat): another tenant's case is 404, a wrong role 403.
  for (let i = 0; i < 2; i++) {
    await ok(http('requests', 'GET', `/v1/cases/${braunschweig.id}`, 'abh-03404'), 404);
    await ok(http('requests', 'GET', `/v1/cases/${braunschweig.id}`, 'admin'), 403);
    await ok(http('centre-work', 'POST', '/v1/centres/braunschweig/work/lease', 'abh-03101', {}), 403);
    await ok(http('admin', 'GET', '/v1/admin/status', 'centre-braunschweig'), 403);
    await ok(http('operations', 'GET', '/v1/nothing-here'), 401);
  }
  // Centre work: lease, extend, release, lease again, ack; then a status report and a transfer.
  type Item = { subject: { id: string }; leaseToken: string };
  const leaseOf = async (centre: string, id: string) => {
    // A released item is handed out again within a round or two.
    for (let round = 0; round < 5; round++) {
      const leased = await ok(
        http('centre-work', 'POST', `/v1/centres/${centre}/work/lease`, `centre-${centre}`, { max: 10, waitSeconds: 1 }),
      );
      const item = (leased.items as Item[]).find((i) => i.subject.id === id);
      if (item) return item.leaseToken;
    }
    throw new Error(`no work for ${id}`);
  };
  const work = (centre: string, action: string, body: unknown) =>
    ok(http('centre-work', 'POST', `/v1/centres/${centre}/work/${action}`, `centre-${centre}`, body));
  const first = await leaseOf('osnabrueck', osnabrueck.id);
  await work('osnabrueck', 'extend', { leaseTokens: [first], leaseSeconds: 120 });
  await work('osnabrueck', 'release', { leaseTokens: [first] });
  await work('osnabrueck', 'ack', { leaseTokens: [await leaseOf('osnabrueck', osnabrueck.id)] });
  await ok(http('centre-work', 'POST', `/v1/cases/${osnabrueck.id}/status`, 'centre-osnabrueck', { status: 'in_counselling' }));
  await work('braunschweig', 'ack', { leaseTokens: [await leaseOf('braunschweig', braunschweig.id)] });
  await ok(
    http('centre-work', 'POST', `/v1/cases/${braunschweig.id}/transfer`, 'centre-braunschweig', { centre: 'osnabrueck', reason: REASON }),
  );
  // The relay: a case accepted while the queue was down (in-process, not recorded), on the stream and on the schedule.
  const outage = injectSqsOutage(t);
  const pending = (await (await submit(t, 'abh-03101', '/v1/cases', minimalCase())).json()) as { id: string };
  outage.down = false;
  const { Items = [] } = await t.runtime.clients.doc.send(
    new QueryCommand({
      TableName: t.runtime.resources.tables.data.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
      ExpressionAttributeValues: { ':pk': `REQ#${pending.id}`, ':outbox': 'OUTBOX#' },
    }),
  );
  const keys = { pk: { S: String(Items[0]?.pk) }, sk: { S: String(Items[0]?.sk) } };
  const record = {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: keys, ApproximateCreationDateTime: Date.now() / 1000 - 5 },
  };
  expect(await invoke('relay', { Records: [record] })).toMatchObject({ sent: 1 });
  await invoke('relay', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
  // The redrive: a work message moved to the dead-letter queue by hand (not recorded), moved back by the admin function.
  const { sqs } = t.runtime.clients;
  const queue = async (name: string) => String((await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl);
  const names = t.runtime.resources.queues.braunschweig;
  const [main, dead] = [await queue(names.name), await queue(names.deadLetterName)];
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: main, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }));
  const message = Messages[0];
  if (!message) throw new Error('no work message to dead-letter');
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: dead,
      MessageBody: String(message.Body),
      MessageGroupId: 'g',
      MessageDeduplicationId: crypto.randomUUID(),
    }),
  );
  await sqs.send(new DeleteMessageCommand({ QueueUrl: main, ReceiptHandle: message.ReceiptHandle }));
  await ok(http('admin', 'GET', '/v1/admin/status', 'admin'));
  expect(await ok(http('admin', 'POST', '/v1/admin/redrive', 'admin', { centre: 'braunschweig' }))).toMatchObject({ moved: 1 });
  // The sequencer: a closed refusal window with no repeat (planted), then chaining and a signed checkpoint.
  await t.runtime.clients.doc.send(
    new PutCommand({
      TableName: t.runtime.resources.tables.audit.name,
      Item: { pk: 'REFUSALS#0', sk: '2020-01-01T00:00:00.000Z#x', repeats: 0, window: '2020-01-01T00:00:00.000Z' },
    }),
  );
  // The first run chains and signs the first checkpoint; the second verifies the tail from it.
  expect(await invoke('sequencer', {})).toMatchObject({ verification: { ok: true }, checkpointSeq: expect.any(Number) });
  await http('requests', 'POST', '/v1/cases', 'abh-03101', minimalCase(), { 'idempotency-key': crypto.randomUUID() });
  expect(await invoke('sequencer', {})).toMatchObject({ sequenced: expect.any(Number), verification: { ok: true } });
  // Audit reads and the verification of the checkpoint (the admin function's public key), then operations.
  await ok(http('admin', 'GET', '/v1/audit?limit=5', 'admin'));
  await ok(http('admin', 'GET', `/v1/audit?subject=${braunschweig.id}`, 'admin'));
  await ok(http('admin', 'GET', '/v1/audit/verify', 'admin'));
  await ok(
    http(
      'admin',
      'GET',
      `/v1/audit/export?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
      'admin',
    ),
  );
  await ok(http('operations', 'GET', '/health'));
  await ok(http('operations', 'GET', '/openapi.json'));
}
