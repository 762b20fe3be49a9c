import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CENTRES } from '../../functions/core/centres.ts';

export const USAGE = `Usage: npm run worker -- --centre <braunschweig|osnabrueck> [options]

Leases the centre's work from the running local stack, prints each item (ids and type) and acks it.

  --once                    lease until nothing is waiting, then exit (no long polling)
  --show-personal-data      also print each item's resource: names, dates of birth, ... (off by default)
  --max <1-10>              items per lease (default 10)
  --lease-seconds <30-900>  how long leased items stay this worker's (default 60)
  --wait-seconds <0-20>     long poll while nothing is waiting (default 20; 0 with --once)
  --client-id <id>          OAuth2 client (default centre-<centre>, a demo client of the local stack)
  --base-url <url>          the API (default http://127.0.0.1:$PORT, PORT defaulting to 3000)
  --token-url <url>         OAuth2 token endpoint (default <base url>/oauth/token, the local issuer)
  --help                    this text

The client secret comes from DEV_CLIENT_SECRET (default dev-secret), as for npm run token.
Ctrl-C finishes the current batch (processed items are acked) and exits; a second Ctrl-C exits at once.`;

/** A command line this worker cannot run with; the message says which option is wrong. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface WorkerOptions {
  centre: (typeof CENTRES)[number];
  once: boolean;
  showPersonalData: boolean;
  /** Items per lease, 1-10. */
  max: number;
  /** Lease duration in seconds, 30-900. */
  leaseSeconds: number;
  /** Long-poll time in seconds, 0-20. */
  waitSeconds: number;
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  tokenUrl: string;
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Checked after parsing; the bounds are those of CONTRACT.md's `work/lease`. */
const OptionsSchema = z.object({
  centre: z.enum(CENTRES, `must be one of ${CENTRES.join(', ')}`),
  max: int(1, 10).default(10),
  'lease-seconds': int(30, 900).default(60),
  'wait-seconds': int(0, 20).optional(),
  'client-id': z.string().min(1).optional(),
  'base-url': z.url().optional(),
  'token-url': z.url().optional(),
});

/**
 * Reads the worker's command line (`process.argv.slice(2)`). `port` and `clientSecret` are the local
 * stack's settings (PORT, DEV_CLIENT_SECRET). Returns `undefined` for `--help`.
 *
 * @throws UsageError naming the unknown, missing or out-of-range option.
 */
export function parseWorkerArgs(argv: string[], settings: { port: number; clientSecret: string }): WorkerOptions | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        centre: { type: 'string' },
        once: { type: 'boolean', default: false },
        'show-personal-data': { type: 'boolean', default: false },
        max: { type: 'string' },
        'lease-seconds': { type: 'string' },
        'wait-seconds': { type: 'string' },
        'client-id': { type: 'string' },
        'base-url': { type: 'string' },
        'token-url': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  if (values.centre === undefined) throw new UsageError('--centre is required');
  const result = OptionsSchema.safeParse(values);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const o = result.data;
  const once = values.once === true;
  const baseUrl = (o['base-url'] ?? `http://127.0.0.1:${settings.port}`).replace(/\/+$/, '');
  return {
    centre: o.centre,
    once,
    showPersonalData: values['show-personal-data'] === true,
    max: o.max,
    leaseSeconds: o['lease-seconds'],
    // Draining (--once) should not wait for work that is not there.
    waitSeconds: o['wait-seconds'] ?? (once ? 0 : 20),
    clientId: o['client-id'] ?? `centre-${o.centre}`,
    clientSecret: settings.clientSecret,
    baseUrl,
    tokenUrl: o['token-url'] ?? `${baseUrl}/oauth/token`,
  };
}
