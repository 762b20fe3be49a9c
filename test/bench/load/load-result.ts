/** What one load phase measured: completed units per second, latency percentiles (ms) and failures. */
export interface LoadResult {
  /** Units of work done (created cases, acknowledged items, answered requests: the scenario says which). */
  units: number;
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
}

/** Collects latencies and failures of one phase and turns them into a LoadResult. */
export class LoadRecorder {
  readonly #latencies: number[] = [];
  readonly #errorKinds: Record<string, number> = {};
  #units = 0;
  #errors = 0;

  latency(ms: number): void {
    this.#latencies.push(ms);
  }

  done(units = 1): void {
    this.#units += units;
  }

  error(kind: string): void {
    this.#errors += 1;
    this.#errorKinds[kind] = (this.#errorKinds[kind] ?? 0) + 1;
  }

  result(durationSeconds: number): LoadResult {
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0));
    return {
      units: this.#units,
      durationSeconds,
      throughput: this.#units / durationSeconds,
      calls: sorted.length,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      errors: this.#errors,
      errorKinds: this.#errorKinds,
    };
  }
}
