import { ChangeMessageVisibilityCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { Centre } from '../../functions/core/centres.ts';
import { JweLeaseTokens } from '../../functions/http/lease-tokens.ts';
import type { TestApp } from './runtime.ts';

export interface Leased {
  workId: string;
  leaseToken: string;
  leaseExpiresAt: string;
  deliveryCount: number;
  type: string;
  subject: { type: string; id: string };
  resource: Record<string, unknown>;
}

export interface Settled {
  succeeded: { leaseToken: string; workId: string; leaseExpiresAt?: string }[];
  failed: { leaseToken: string; status: number; type: string; title: string }[];
}

const clientOf = (centre: Centre) => `centre-${centre}`;

/** POST work/lease as the centre; fails the test on anything but 200. */
export async function lease(t: TestApp, centre: Centre, body: Record<string, unknown> = {}): Promise<Leased[]> {
  const response = await t.call(clientOf(centre), `/v1/centres/${centre}/work/lease`, { method: 'POST', body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`lease: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { items: Leased[] }).items;
}

/** Leases until nothing comes for `rounds` tries in a row (fauxqs hands out one message per group per receive). */
export async function leaseAll(t: TestApp, centre: Centre, body: Record<string, unknown> = {}, rounds = 20): Promise<Leased[]> {
  const all: Leased[] = [];
  for (let i = 0; i < rounds; i++) {
    const items = await lease(t, centre, body);
    if (items.length === 0) break;
    all.push(...items);
  }
  return all;
}

/** POST work/ack, release or extend as the centre; fails the test on anything but 200. */
export async function settle(
  t: TestApp,
  centre: Centre,
  action: 'ack' | 'release' | 'extend',
  leaseTokens: string[],
  extra: Record<string, unknown> = {},
): Promise<Settled> {
  const response = await t.call(clientOf(centre), `/v1/centres/${centre}/work/${action}`, {
    method: 'POST',
    body: JSON.stringify({ leaseTokens, ...extra }),
  });
  if (response.status !== 200) throw new Error(`${action}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Settled;
}

/**
 * Lets the queue copy of a leased item become visible now, as SQS does when the lease runs out: the
 * test's stand-in for waiting out a lease of at least 30 s. It opens the token with the app's own key.
 */
export async function expireOnQueue(t: TestApp, centre: Centre, leaseToken: string): Promise<void> {
  const { QueueUrl } = await t.runtime.clients.sqs.send(new GetQueueUrlCommand({ QueueName: t.runtime.resources.queues[centre].name }));
  await t.runtime.clients.sqs.send(
    new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: await receiptOf(t, centre, leaseToken), VisibilityTimeout: 0 }),
  );
}

/** The SQS receipt handle inside a lease token, opened with the app's own key (tests only). */
export async function receiptOf(t: TestApp, centre: Centre, leaseToken: string): Promise<string> {
  const claims = await new JweLeaseTokens(t.runtime.keys.leaseToken).open(leaseToken, centre);
  if (!claims) throw new Error('not a lease token of this centre');
  return claims.receipt;
}

/** A clock the test moves forward; services of an app built with it see the moved time. */
export function testClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}
