import { canSee } from '../access.ts';
import { NotFoundError } from '../errors.ts';
import type { Principal } from '../participants.ts';
import type { ExchangeLog } from '../ports/exchange-log.ts';
import type { RequestStore } from '../ports/request-store.ts';
import type { RequestKind, StoredRequest } from './request.ts';

export interface VisibleRequestDeps {
  store: Pick<RequestStore, 'get'>;
  exchangeLog: ExchangeLog;
  now: () => Date;
  newId: () => string;
}

/** Who looks for which request, in which call (`action` is the operation, e.g. `cases.read`). */
export interface RequestLookup {
  kind: RequestKind;
  id: string;
  principal: Principal;
  requestId: string;
  action: string;
}

/**
 * The request if it exists, is of this kind and the caller may see it; else 404, never a hint. A try
 * on another tenant's request is recorded in the exchange log as denied (only administrators see that).
 * @throws NotFoundError for an unknown id, another kind, or another tenant's request.
 */
export async function visibleRequest(deps: VisibleRequestDeps, lookup: RequestLookup): Promise<StoredRequest> {
  const { kind, id, principal } = lookup;
  const stored = await deps.store.get(id, deps.now());
  if (!stored || stored.meta.kind !== kind) throw new NotFoundError(`No such ${kind}`);
  if (!canSee(principal, { municipality: stored.meta.municipality, centre: stored.meta.centre })) {
    const entry = { id: deps.newId(), at: deps.now().toISOString(), requestId: lookup.requestId, actor: principal };
    await deps.exchangeLog.refuse(
      { ...entry, action: lookup.action, subject: { type: kind, id }, outcome: 'denied', reason: 'other_tenant' },
      { clientId: principal.clientId },
    );
    throw new NotFoundError(`No such ${kind}`);
  }
  return stored;
}
