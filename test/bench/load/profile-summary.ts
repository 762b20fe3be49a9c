import { readFileSync } from 'node:fs';

/** The parts of a V8 CPU profile (`.cpuprofile`) this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Components of the server process, each recognised by the script URL of a stack frame (first match wins). */
const COMPONENTS: [string, (url: string) => boolean][] = [
  [
    'SQS emulator (fauxqs, fastify, valibot)',
    (u) =>
      /node_modules\/(fauxqs|fastify|@fastify|valibot|toad-cache|find-my-way|avvio|pino|light-my-request|fast-json-stringify)\//.test(u),
  ],
  ['JWT verification (jose)', (u) => u.includes('node_modules/jose/') || u.includes('/http/auth/')],
  ['lease tokens (jose JWE)', (u) => u.includes('/http/lease-tokens')],
  ['validation: zod', (u) => u.includes('node_modules/zod/') || u.includes('node_modules/@hono/zod-')],
  ['validation: DIN 91379 and field rules (schemas/)', (u) => /\/schemas\//.test(u) || u.includes('node_modules/validator/')],
  ['strict JSON reading (jsonc-parser)', (u) => u.includes('node_modules/jsonc-parser/') || u.includes('/http/strict-json')],
  ['canonical JSON (canonicalize)', (u) => u.includes('node_modules/canonicalize/')],
  ['logging (Powertools logger)', (u) => u.includes('node_modules/@aws-lambda-powertools/logger')],
  ['rate limiter', (u) => u.includes('rate-limit')],
  [
    'AWS SDK (marshalling, signing, HTTP client)',
    (u) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto|fast-xml-parser|tslib|bowser)\//.test(u),
  ],
  ['Hono (routing, middleware, OpenAPI)', (u) => /node_modules\/(hono|@hono\/node-server)\//.test(u)],
  ['our code (functions/)', (u) => u.includes('/functions/')],
  ['other npm packages', (u) => u.includes('node_modules/')],
];

const NODE_HTTP = 'Node HTTP, sockets, streams (both servers, no package frame above)';

/**
 * Shares of the sampled CPU time per component. A sample counts for the innermost stack frame that
 * belongs to a component, so Node's own functions (JSON.parse, crypto, Buffer) count for the package
 * that called them; samples with no package frame at all are Node's HTTP and socket work, garbage
 * collection or idle time.
 */
export function summarise(profile: CpuProfile): { component: string; ms: number; share: number }[] {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const componentOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = componentOf.get(id);
    if (known) return known;
    const frame = byId.get(id)?.callFrame;
    let component: string | undefined;
    if (frame) {
      if (frame.functionName === '(idle)') component = 'idle';
      else if (frame.functionName === '(garbage collector)') component = 'garbage collection';
      else if (frame.functionName === '(program)') component = 'V8/Node (program)';
      else component = COMPONENTS.find(([, test]) => test(frame.url))?.[0];
    }
    if (!component) {
      const up = parent.get(id);
      component = up === undefined ? NODE_HTTP : classify(up);
    }
    componentOf.set(id, component);
    return component;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const component = classify(id);
    totals.set(component, (totals.get(component) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const busy = [...totals].filter(([c]) => c !== 'idle').reduce((sum, [, ms]) => sum + ms, 0);
  return [...totals]
    .map(([component, ms]) => ({ component, ms, share: component === 'idle' ? Number.NaN : ms / busy }))
    .sort((a, b) => b.ms - a.ms);
}

/** `node test/bench/load/profile-summary.ts <file.cpuprofile>...`: prints the table of each profile. */
if (import.meta.main) {
  for (const file of process.argv.slice(2)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const wall = (profile.endTime - profile.startTime) / 1e6;
    console.log(`\n${file}: ${wall.toFixed(1)} s sampled`);
    for (const row of summarise(profile)) {
      const share = Number.isNaN(row.share) ? '' : `${(row.share * 100).toFixed(1)} % of busy`;
      console.log(`${row.component.padEnd(70)} ${(row.ms / 1000).toFixed(2).padStart(7)} s  ${share}`);
    }
  }
}
