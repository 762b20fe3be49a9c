import type { FeedEvent } from '../../../schemas/lifecycle.ts';
import { ForbiddenError } from '../errors.ts';
import type { Principal } from '../participants.ts';
import type { EventFeed } from '../ports/event-feed.ts';

/**
 * The events from `after + 1` on, up to the first gap. Every sequence number is written in the same
 * transaction as the change it records and the counter it advances, so numbers are dense; a gap seen by
 * a reader can only be a change still committing. Stopping there (instead of skipping past it) is what
 * keeps a resumed reader from ever missing an event: the next read starts at the gap.
 */
export function contiguousAfter(after: number, events: readonly FeedEvent[]): FeedEvent[] {
  const run: FeedEvent[] = [];
  for (const event of events) {
    if (event.sequence !== after + run.length + 1) break;
    run.push(event);
  }
  return run;
}

/** A municipality's feed of what happened to its cases and consultation requests. */
export class EventFeedService {
  readonly #feed: EventFeed;

  constructor(feed: EventFeed) {
    this.#feed = feed;
  }

  /**
   * One page of the caller's own feed after sequence number `after` (0: from the start), in sequence order.
   * @returns the events and the sequence number of the last one (absent when there is nothing newer yet).
   * @throws ForbiddenError for any role but municipality (the permission table refuses them earlier).
   */
  async page(principal: Principal, after: number, limit: number): Promise<{ items: FeedEvent[]; last?: number }> {
    if (principal.role !== 'municipality') throw new ForbiddenError('Only municipalities have an event feed');
    const items = contiguousAfter(after, await this.#feed.read(principal.organisation, after, limit));
    const last = items.at(-1)?.sequence;
    return { items, ...(last !== undefined ? { last } : {}) };
  }
}
