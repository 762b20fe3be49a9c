/** One measured variant: how long one operation took on average, over many sequential runs. */
export interface BenchResult {
  name: string;
  iterations: number;
  meanMicros: number;
  opsPerSecond: number;
}

/** What a `*.bench.ts` file exports: a title and a function that runs its variants and returns their results (or its own report). */
export interface BenchModule {
  title?: string;
  default: () => Promise<BenchResult[] | string>;
}

/** Runs `operation` sequentially (after a warm-up that is not counted) and reports the mean time per run. */
export async function measure(name: string, iterations: number, operation: () => Promise<unknown>, warmup = 200): Promise<BenchResult> {
  for (let i = 0; i < warmup; i += 1) await operation();
  const started = performance.now();
  for (let i = 0; i < iterations; i += 1) await operation();
  const elapsedMs = performance.now() - started;
  return { name, iterations, meanMicros: (elapsedMs * 1000) / iterations, opsPerSecond: (iterations * 1000) / elapsedMs };
}

/** A plain-text table of results, one row per variant. */
export function formatTable(results: BenchResult[]): string {
  const rows = [
    ['variant', 'iterations', 'mean µs/op', 'ops/s'],
    ...results.map((r) => [r.name, String(r.iterations), r.meanMicros.toFixed(1), Math.round(r.opsPerSecond).toLocaleString('en-US')]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const [header, ...body] = rows;
  return [line(header ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
