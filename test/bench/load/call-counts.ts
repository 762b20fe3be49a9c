import { randomBytes } from 'node:crypto';
import { type AwsClients, createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../../functions/adapters/aws-clients.ts';
import { ensureResources } from '../../../functions/adapters/provision.ts';
import { resourceSpecs } from '../../../functions/adapters/resources.ts';
import { composeApp } from '../../../functions/entry/compose.ts';
import { type CallCounts, countAwsCalls } from '../../support/aws-calls.ts';
import { fullCase } from '../../support/fixtures.ts';
import { benchIdentity, benchRuntime } from '../bench-stack.ts';

/** Storage calls per operation, happy path, counted in process over the benchmark's stores. */
export type OperationCalls = Record<'submit' | 'lease (1 item)' | 'ack (1 item)' | 'list' | 'read', CallCounts>;

/**
 * Composes the app over the given stores (own tables and queues), attaches the call counter and runs
 * each operation once after a warm-up, so that the counts show steady-state costs (queue URLs cached).
 */
export async function countOperationCalls(endpoints: { dynamoEndpoint: string; sqsEndpoint: string }): Promise<OperationCalls> {
  const clients: AwsClients = createAwsClients({ region: LOCAL_REGION, local: endpoints });
  try {
    const resources = resourceSpecs(`count${randomBytes(3).toString('hex')}`);
    await ensureResources(clients, resources);
    const { token, verifier } = await benchIdentity();
    const app = composeApp(benchRuntime(clients, resources, verifier(true)));
    const municipality = { Authorization: `Bearer ${await token('abh-03101')}`, 'Content-Type': 'application/json' };
    const centre = { Authorization: `Bearer ${await token('centre-braunschweig', 'centre')}`, 'Content-Type': 'application/json' };
    const call = async (path: string, headers: Record<string, string>, body?: unknown, extra: Record<string, string> = {}) => {
      const response = await app.request(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...headers, ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const submit = () =>
      call('/v1/cases', municipality, fullCase({ municipalReference: `COUNT-${crypto.randomUUID()}` }), {
        'Idempotency-Key': crypto.randomUUID(),
      });
    const cycle = async () => {
      const { items } = (await call('/v1/centres/braunschweig/work/lease', centre, { max: 1 })) as { items: { leaseToken: string }[] };
      return () => call('/v1/centres/braunschweig/work/ack', centre, { leaseTokens: items.map((i) => i.leaseToken) });
    };
    await (await cycle())().catch(() => undefined);
    await submit();
    await (await cycle())();
    const counter = countAwsCalls(clients);
    const measure = async (run: () => Promise<unknown>) => {
      counter.reset();
      const result = await run();
      return { counts: counter.counts(), result };
    };
    const submitted = await measure(submit);
    const leased = await measure(cycle);
    const acked = await measure(leased.result as () => Promise<unknown>);
    const listed = await measure(() => call('/v1/cases?limit=25', municipality));
    const read = await measure(() => call(`/v1/cases/${String((submitted.result as { id: string }).id)}`, municipality));
    counter.detach();
    return {
      submit: submitted.counts,
      'lease (1 item)': leased.counts,
      'ack (1 item)': acked.counts,
      list: listed.counts,
      read: read.counts,
    };
  } finally {
    destroyAwsClients(clients);
  }
}
