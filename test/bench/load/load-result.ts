/** What one side of a scenario measured: completed units per second, latency percentiles (ms) and failures. */
export interface LoadResult {
  /** Units of work done (created cases, acknowledged items, answered requests: the scenario says which). */
  units: number;
  /** Seconds of the measured windows. */
  durationSeconds: number;
  /** units / durationSeconds. */
  throughput: number;
  /** Calls measured for latency (HTTP requests, or the storage calls that stand for one). */
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Answers with a status the scenario did not expect, failed calls, connection errors and timeouts. */
  errors: number;
  /** How many of each unexpected status or error name, for the report. */
  errorKinds: Record<string, number>;
  /** Throughput of each phase of this side, in the order they ran (their spread shows the run's noise). */
  phaseThroughputs?: number[];
  /** CPU seconds each process used during the phase (server, DynamoDB Local, bench client), where measured. */
  cpuSeconds?: Record<string, number>;
  /** Storage calls the server process made during the phase, by operation (the API's, the relay's, the rate limiter's). */
  serverCalls?: Record<string, number>;
}

/**
 * Collects what one side of a scenario completes inside its measured windows. The load runs before and
 * after each window (`open` .. `close`), and only what completes inside one counts: a request or pass
 * under way when a window opens or closes is neither lost nor favoured, on either side. Cutting the load
 * at the end instead favoured the baseline, whose loops finished the pass they had begun while autocannon
 * dropped its connections' requests in flight (about one lease of ten items per connection and phase).
 */
export class LoadRecorder {
  readonly #latencies: number[] = [];
  readonly #errorKinds: Record<string, number> = {};
  #units = 0;
  #errors = 0;
  /** `performance.now()` when the open window began (ms), or undefined between windows. */
  #openedAt: number | undefined;
  /** Seconds of the windows closed so far. */
  #seconds = 0;

  /** Units counted so far (in the windows closed and the one open). */
  get units(): number {
    return this.#units;
  }

  /** Starts a measured window. */
  open(): void {
    this.#openedAt = performance.now();
  }

  /** Ends the measured window; answers its length in seconds. */
  close(): number {
    if (this.#openedAt === undefined) return 0;
    const seconds = (performance.now() - this.#openedAt) / 1000;
    this.#seconds += seconds;
    this.#openedAt = undefined;
    return seconds;
  }

  latency(ms: number): void {
    if (this.#openedAt !== undefined) this.#latencies.push(ms);
  }

  done(units = 1): void {
    if (this.#openedAt !== undefined) this.#units += units;
  }

  error(kind: string): void {
    if (this.#openedAt === undefined) return;
    this.#errors += 1;
    this.#errorKinds[kind] = (this.#errorKinds[kind] ?? 0) + 1;
  }

  /** Everything counted in the closed windows; throughput is per second of window. */
  result(): LoadResult {
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0));
    return {
      units: this.#units,
      durationSeconds: this.#seconds,
      throughput: this.#seconds > 0 ? this.#units / this.#seconds : 0,
      calls: sorted.length,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      errors: this.#errors,
      errorKinds: this.#errorKinds,
    };
  }
}
