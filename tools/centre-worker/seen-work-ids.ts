/**
 * The work ids this worker has processed, to drop redeliveries: delivery is at least once, and `workId`
 * is stable across redeliveries (an ack that timed out, a lease that expired, a late resend). Bounded,
 * so a worker that runs for months keeps constant memory: past `capacity` the oldest id is forgotten.
 * It covers one process's lifetime only; a centre system that must never import twice keeps the workIds
 * it imported in its own database, in the same transaction as the import.
 */
export class SeenWorkIds {
  readonly #capacity: number;
  // A Set iterates in insertion order: the first entry is the oldest.
  readonly #ids = new Set<string>();

  /** @param capacity how many ids to remember (at least 1). */
  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  has(workId: string): boolean {
    return this.#ids.has(workId);
  }

  /** Remembers an id as the newest; forgets the oldest when full. */
  add(workId: string): void {
    this.#ids.delete(workId);
    this.#ids.add(workId);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }

  get size(): number {
    return this.#ids.size;
  }
}
