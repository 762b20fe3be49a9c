import autocannon from 'autocannon';
import type { LoadRecorder } from './load-result.ts';

/** Per-connection state a scenario keeps between its steps (ids, lease tokens, the connection's client). */
export type Context = Record<string, unknown> & { connection: number };

/** One HTTP request of a scenario's sequence; each connection runs the sequence over and over. */
export interface HttpStep {
  method: 'GET' | 'POST';
  path: (ctx: Context) => string;
  /** The bearer token of this request (per connection: each connection can be another client). */
  token: (ctx: Context) => string;
  body?: (ctx: Context) => unknown;
  headers?: (ctx: Context) => Record<string, string>;
  /** Statuses that count as success; any other is an error. */
  expect: number[];
  /** Reads the answer: keeps what later steps need, and says how many units of work it completed. */
  onAnswer?: (body: string, ctx: Context) => number;
  /** Skip this step (and restart the sequence) when it has nothing to do, e.g. an ack after an empty lease. */
  skip?: (ctx: Context) => boolean;
}

/**
 * Drives `base` with autocannon: `connections` keep-alive connections, each running `steps` in order
 * for `durationSeconds`, into `recorder` (which counts only inside its measured windows). Latency is
 * taken per HTTP response (autocannon's own timer), failures by status, by connection error and by
 * timeout.
 */
export async function runHttpLoad(
  base: string,
  steps: HttpStep[],
  options: { connections: number; durationSeconds: number },
  recorder: LoadRecorder,
): Promise<void> {
  let connections = 0;
  const requests = steps.map((step) => ({
    method: step.method,
    setupRequest: (request: Record<string, unknown>, raw: Record<string, unknown>) => {
      const ctx = raw as Context;
      if (ctx.connection === undefined) ctx.connection = connections++;
      if (step.skip?.(ctx)) return null;
      const body = step.body?.(ctx);
      return {
        ...request,
        path: step.path(ctx),
        headers: {
          authorization: `Bearer ${step.token(ctx)}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...step.headers?.(ctx),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
    },
    onResponse: (status: number, body: string, raw: Record<string, unknown>) => {
      const ctx = raw as Context;
      if (!step.expect.includes(status)) return recorder.error(`${step.method} ${status}`);
      recorder.done(step.onAnswer ? step.onAnswer(body, ctx) : 1);
    },
  }));
  // A generous timeout: on a loaded machine a lease of 10 items can take seconds, and a cut-off answer would hide that.
  const instance = autocannon({
    url: base,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 60,
    requests,
  } as never);
  const events = instance as unknown as NodeJS.EventEmitter;
  events.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => recorder.latency(ms));
  // autocannon reports a timeout as an error with this message (lib/run.js).
  events.on('reqError', (error: Error) => recorder.error(error.message === 'request timed out' ? 'timeout' : 'connection error'));
  await instance;
}
