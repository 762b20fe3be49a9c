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
/** A side's phase throughputs in the order they ran (API phases 1 and 4, baseline phases 2 and 3). */
const phases = (result: LoadResult) => (result.phaseThroughputs ?? []).map((t) => fixed(t, 1)).join(', ');
const calls = (counts: Record<string, number>) => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${total}: ${Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ')}`;
};

/** CPU seconds per process and phase, and the machine's CPU time per unit of work (all processes). */
function cpuTable(report: ThroughputReport): string[] {
  const sides = report.scenarios.flatMap((s) => [
    { name: s.name, side: 'API', unit: s.unit, result: s.api },
    { name: '', side: 'baseline (SDK)', unit: s.unit, result: s.baseline },
  ]);
  const names = [...new Set(sides.flatMap((s) => Object.keys(s.result.cpuSeconds ?? {})))];
  if (names.length === 0) return [];
  return [
    `| scenario | side | ${names.map((n) => `CPU s: ${n}`).join(' | ')} | CPU ms per unit | server's storage calls per unit |`,
    `|---|---|${names.map(() => '---:').join('|')}|---:|---:|`,
    ...sides.map(({ name, side, unit, result }) => {
      const cpu = result.cpuSeconds ?? {};
      const total = Object.values(cpu).reduce((a, b) => a + b, 0);
      const perUnit = result.units > 0 ? `${fixed((total * 1000) / result.units, 1)} per ${unit.replace(/s$/, '')}` : '';
      const serverCalls = Object.values(result.serverCalls ?? {}).reduce((a, b) => a + b, 0);
      // The baseline makes its calls from the bench client: the server's calls in its phases are the relay's only.
      const callsPerUnit = side === 'API' && result.units > 0 && result.serverCalls ? fixed(serverCalls / result.units, 1) : '';
      return `| ${name} | ${side} | ${names.map((n) => fixed(cpu[n] ?? 0, 1)).join(' | ')} | ${perUnit} | ${callsPerUnit} |`;
    }),
    '',
  ];
}

/** The report as Markdown: the scenarios with their ratios, the storage calls per operation, the machine. */
export function toMarkdown(report: ThroughputReport): string {
  const m = report.machine;
  const rows = report.scenarios.flatMap((s) => [
    `| ${s.name} | API | ${fixed(s.api.throughput, 1)} ${s.unit}/s | ${phases(s.api)} | ${fixed(s.api.p50Ms, 1)} | ${fixed(s.api.p95Ms, 1)} | ${fixed(s.api.p99Ms, 1)} | ${s.api.errors} | **${fixed(s.ratio, 2)}** |`,
    `| | baseline (SDK) | ${fixed(s.baseline.throughput, 1)} ${s.unit}/s | ${phases(s.baseline)} | ${fixed(s.baseline.p50Ms, 1)} | ${fixed(s.baseline.p95Ms, 1)} | ${fixed(s.baseline.p99Ms, 1)} | ${s.baseline.errors} | |`,
  ]);
  return [
    `Run ${report.at}: ${report.settings.connections} connections, ${report.settings.durationSeconds} s per side and scenario, in two phases each (API, baseline, baseline, API).`,
    '',
    '| scenario | side | throughput | per phase | p50 ms | p95 ms | p99 ms | errors | ratio |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...cpuTable(report),
    '| operation (happy path) | storage calls |',
    '|---|---|',
    ...Object.entries(report.calls).map(([name, counts]) => `| ${name} | ${calls(counts)} |`),
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average ${m.loadAverageBefore.join(' / ')} before, ${m.loadAverageAfter.join(' / ')} after.`,
    ...busyWarning(report),
  ].join('\n');
}

/**
 * A note when other jobs kept the cores busy (a 1-minute load average above 2 per core before or after
 * the run): the ratio then tends to the ratio of CPU per unit, since the API's own CPU (HTTP,
 * validation, tokens) competes with the storage for the same cores.
 */
function busyWarning(report: ThroughputReport): string[] {
  const { loadAverageBefore, loadAverageAfter, cores } = report.machine;
  const load = Math.max(loadAverageBefore[0] ?? 0, loadAverageAfter[0] ?? 0);
  // The bench alone keeps the load average near 2 to 3.5 on 2 cores; above 2 per core other jobs competed.
  if (load <= 2 * cores) return [];
  return [
    '',
    `The machine was busy (load average up to ${load} on ${cores} cores): the ratios are less reliable than on a quiet machine; saturated cores pull them towards the ratio of CPU per unit.`,
  ];
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
