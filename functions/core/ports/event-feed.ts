import type { FeedEvent } from '../../../schemas/lifecycle.ts';

/** Reads a municipality's event feed. The writes happen in the changes' own transactions (LifecycleStore). */
export interface EventFeed {
  /** Up to `limit` events with a sequence number above `after`, in sequence order (strongly consistent). */
  read(municipality: string, after: number, limit: number): Promise<FeedEvent[]>;
}
