/**
 * The shared counter behind the per-client rate limit: one count per client and fixed window, shared by
 * every process (every Lambda instance), so the limit holds however many run.
 */
export interface RateLimitStore {
  /**
   * Takes up to `points` from the client's allowance of `limit` in the window that ends at `windowEndsAt`,
   * atomically; answers how many it got (0 when the allowance is used up).
   */
  take(clientId: string, window: { index: number; endsAt: Date }, points: number, limit: number): Promise<number>;
}
