import type { RateLimitStore } from '../ports/rate-limit-store.ts';

export interface RateLimitSettings {
  /** Requests one client may make per window, across all processes. */
  limit: number;
  /** Length of the fixed window, in seconds. */
  windowSeconds: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface ClientState {
  window: number;
  /** Requests this process may still admit in the window without asking the store. */
  available: number;
  /** Reservations made in this window: each one doubles the next, up to the largest chunk. */
  reservations: number;
  /** The shared allowance is used up for this window. */
  exhausted: boolean;
  pending?: Promise<void> | undefined;
}

/** Local states kept before those of past windows are dropped. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * A per-client fixed-window rate limit whose count lives in a shared store, so that it holds across
 * processes. To keep the store off the hot path, a process reserves the allowance in chunks (1, 2, 4,
 * ... up to a twentieth of the limit) and admits from its reservation locally: a busy client costs one
 * store write per chunk, a quiet one a write per request, and no process can admit more than the
 * store granted, so all together never exceed the limit (reserved but unused points only make it
 * stricter). While the allowance is used up, a process answers without asking the store again.
 */
export class RateLimiter {
  readonly #store: RateLimitStore;
  readonly #settings: RateLimitSettings;
  readonly #now: () => Date;
  readonly #onStoreError: (error: unknown) => void;
  readonly #states = new Map<string, ClientState>();
  readonly #maxChunk: number;

  /** `onStoreError` hears of a failed store write; the request is admitted then (the limit protects, it must not take the API down). */
  constructor(
    store: RateLimitStore,
    settings: RateLimitSettings,
    now: () => Date,
    onStoreError: (error: unknown) => void = () => undefined,
  ) {
    this.#store = store;
    this.#settings = settings;
    this.#now = now;
    this.#onStoreError = onStoreError;
    this.#maxChunk = Math.max(1, Math.floor(settings.limit / 20));
  }

  /** Admits one request of the client, or says how many seconds until its next window. */
  async admit(clientId: string): Promise<Admission> {
    const windowMs = this.#settings.windowSeconds * 1000;
    for (;;) {
      const nowMs = this.#now().getTime();
      const index = Math.floor(nowMs / windowMs);
      const state = this.#state(clientId, index);
      if (state.available > 0) {
        state.available -= 1;
        return { allowed: true };
      }
      if (state.exhausted) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((index + 1) * windowMs - nowMs) / 1000)) };
      state.pending ??= this.#reserve(clientId, state, { index, endsAt: new Date((index + 1) * windowMs) }).finally(() => {
        state.pending = undefined;
      });
      try {
        await state.pending;
      } catch (error) {
        this.#onStoreError(error);
        return { allowed: true };
      }
    }
  }

  async #reserve(clientId: string, state: ClientState, window: { index: number; endsAt: Date }): Promise<void> {
    const chunk = Math.min(this.#maxChunk, 2 ** state.reservations);
    const granted = await this.#store.take(clientId, window, chunk, this.#settings.limit);
    state.reservations += 1;
    state.available += granted;
    if (granted < chunk) state.exhausted = true;
  }

  #state(clientId: string, window: number): ClientState {
    const known = this.#states.get(clientId);
    if (known?.window === window) return known;
    if (this.#states.size >= MAX_TRACKED_CLIENTS) {
      for (const [id, s] of this.#states) if (s.window < window) this.#states.delete(id);
    }
    const fresh: ClientState = { window, available: 0, reservations: 0, exhausted: false };
    this.#states.set(clientId, fresh);
    return fresh;
  }
}
