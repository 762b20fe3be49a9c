import type { Principal } from '../../functions/core/participants.ts';
import type { FeedEvent } from '../../schemas/lifecycle.ts';
import type { WorkMessage } from '../../schemas/work-message.ts';
import type { Json } from './requests.ts';
import type { TestApp } from './runtime.ts';

export type Kind = 'case' | 'consultation';
export const collectionOf = { case: 'cases', consultation: 'consultations' } as const;

/** The principal of a demo centre client, as the registry knows it. */
export function centrePrincipal(centre: 'braunschweig' | 'osnabrueck'): Principal {
  return { clientId: `centre-${centre}`, role: 'centre', organisation: centre };
}

/**
 * The work item whose ack delivers the request now (what the centre would have leased), built from the
 * stored request: its `deliveryWorkId`, its assigned centre.
 */
export async function deliveryMessage(t: TestApp, id: string, type: 'submitted' | 'transferred' = 'submitted'): Promise<WorkMessage> {
  const meta = (await t.services.store.get(id, new Date()))?.meta;
  const workId = meta?.deliveryWorkId;
  if (!meta || !workId) throw new Error(`request ${id} awaits no delivery`);
  return {
    workId,
    type: `${meta.kind}.${type}`,
    subject: { type: meta.kind, id },
    centre: meta.centre,
    at: meta.updatedAt,
  };
}

/** Acks the request's current work item as its centre would: the request becomes `delivered`. */
export async function deliver(t: TestApp, id: string, type: 'submitted' | 'transferred' = 'submitted'): Promise<void> {
  const message = await deliveryMessage(t, id, type);
  await t.services.lifecycle.confirmDelivery({
    centre: message.centre,
    message,
    requestId: crypto.randomUUID(),
    actor: centrePrincipal(message.centre),
  });
}

/** POSTs a change (`withdraw`, `status`, `transfer`) of a request, with an Idempotency-Key if given. */
export function postChange(
  t: TestApp,
  clientId: string,
  kind: Kind,
  id: string,
  action: 'withdraw' | 'status' | 'transfer',
  body: unknown,
  key?: string,
): Promise<Response> {
  return t.call(clientId, `/v1/${collectionOf[kind]}/${id}/${action}`, {
    method: 'POST',
    body: JSON.stringify(body),
    ...(key === undefined ? {} : { headers: { 'Idempotency-Key': key } }),
  });
}

/** Posts a status change and fails the test on anything but 200. */
export async function setStatus(t: TestApp, clientId: string, kind: Kind, id: string, body: Record<string, unknown>): Promise<Json> {
  const response = await postChange(t, clientId, kind, id, 'status', body);
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as Json;
}

export interface FeedPage {
  items: FeedEvent[];
  nextCursor: string | null;
}

/** One page of a municipality's event feed. */
export async function feedPage(t: TestApp, clientId: string, query: { cursor?: string; limit?: number } = {}): Promise<FeedPage> {
  const params = new URLSearchParams();
  if (query.cursor) params.set('cursor', query.cursor);
  if (query.limit) params.set('limit', String(query.limit));
  const response = await t.call(clientId, `/v1/events?${params}`);
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as FeedPage;
}

/** Everything in the feed after a cursor (from the start without one), page by page; and the cursor to resume with. */
export async function readFeed(t: TestApp, clientId: string, cursor?: string): Promise<{ events: FeedEvent[]; cursor?: string }> {
  const events: FeedEvent[] = [];
  let position = cursor;
  for (;;) {
    const page = await feedPage(t, clientId, { limit: 100, ...(position ? { cursor: position } : {}) });
    events.push(...page.items);
    if (page.nextCursor === null) return { events, ...(position ? { cursor: position } : {}) };
    position = page.nextCursor;
  }
}
