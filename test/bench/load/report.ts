import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import type { OperationCalls } from './call-counts.ts';
import type { LoadResult } from './load-result.ts';

export interface ScenarioResult {
  name: string;
  /** What one unit of throughput is. */
  unit: string;
  api: LoadResult;
  baseline: LoadResult;
  /** api.throughput / baseline.throughput: the figure we track. */
  ratio: number;
}

export interface ThroughputReport {
  at: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    os: string;
    node: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  settings: { connections: number; durationSeconds: number };
  scenarios: ScenarioResult[];
  calls: OperationCalls;
}

export function machine(): Omit<ThroughputReport['machine'], 'loadAverageAfter'> {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    loadAverageBefore: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);
const calls = (counts: Record<string, number>) => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${total}: ${Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ')}`;
};

/** The report as Markdown: the scenarios with their ratios, the storage calls per operation, the machine. */
export function toMarkdown(report: ThroughputReport): string {
  const m = report.machine;
  const rows = report.scenarios.flatMap((s) => [
    `| ${s.name} | API | ${fixed(s.api.throughput, 1)} ${s.unit}/s | ${fixed(s.api.p50Ms, 1)} | ${fixed(s.api.p95Ms, 1)} | ${fixed(s.api.p99Ms, 1)} | ${s.api.errors} | **${fixed(s.ratio, 2)}** |`,
    `| | baseline (SDK) | ${fixed(s.baseline.throughput, 1)} ${s.unit}/s | ${fixed(s.baseline.p50Ms, 1)} | ${fixed(s.baseline.p95Ms, 1)} | ${fixed(s.baseline.p99Ms, 1)} | ${s.baseline.errors} | |`,
  ]);
  return [
    `Run ${report.at}: ${report.settings.connections} connections, ${report.settings.durationSeconds} s per phase.`,
    '',
    '| scenario | side | throughput | p50 ms | p95 ms | p99 ms | errors | ratio |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    '| operation (happy path) | storage calls |',
    '|---|---|',
    ...Object.entries(report.calls).map(([name, counts]) => `| ${name} | ${calls(counts)} |`),
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average ${m.loadAverageBefore.join(' / ')} before, ${m.loadAverageAfter.join(' / ')} after.`,
  ].join('\n');
}

/** Writes `<base>.json` and `<base>.md`, and puts the Markdown between the README's bench markers. */
export function writeReport(report: ThroughputReport, base: string, readme: string): void {
  const markdown = toMarkdown(report);
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, `${markdown}\n`);
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) writeFileSync(readme, `${text.slice(0, from + start.length)}\n${markdown}\n${text.slice(to)}`);
}
