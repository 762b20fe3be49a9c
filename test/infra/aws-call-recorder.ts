import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** One AWS API call as it left the process: who made it, the operation (`X-Amz-Target`) and the JSON body. */
export interface WireCall {
  /** The function whose handler was running when the call was made. */
  caller: string;
  /** `DynamoDB_20120810.PutItem`, `AmazonSQS.SendMessage`, `TrentService.Sign`, `secretsmanager.GetSecretValue`. */
  target: string;
  body: Record<string, unknown>;
}

export interface AwsCallRecorder {
  /** Runs a handler invocation as `caller`: every AWS call made in it (and in what it awaits) is recorded under that name. */
  as<T>(caller: string, run: () => Promise<T>): Promise<T>;
  calls(): WireCall[];
  stop(): void;
}

type Chunk = string | Uint8Array;
const parse = (body: string): Record<string, unknown> => {
  try {
    return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch {
    return { unparsed: body };
  }
};
const text = (chunk: unknown) =>
  typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';

/**
 * Records the AWS calls of bundled functions on the wire, where IAM sees them: each bundle has its own
 * copy of the SDK, so no middleware from outside reaches its clients, but every SDK request is a
 * `node:http` request. Node publishes each new client request on the `http.client.request.created`
 * diagnostics channel (synchronously, in the caller's async context), so the running handler's name
 * comes from an AsyncLocalStorage and the body from the request's `write`/`end`. Only SigV4-signed
 * requests are recorded (the token issuer's JWKS fetches are not AWS calls); all the code makes today
 * speak the AWS JSON protocols (DynamoDB, SQS, KMS, Secrets Manager), named by `X-Amz-Target`.
 */
export function recordAwsCalls(): AwsCallRecorder {
  const running = new AsyncLocalStorage<string>();
  const recorded: WireCall[] = [];
  const onCreated = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    const caller = running.getStore();
    // Every AWS call is SigV4-signed; one without a JSON-protocol target is recorded too (and fails the mapping loudly).
    const signed = String(request.getHeader('authorization') ?? '').startsWith('AWS4-HMAC-SHA256');
    if (caller === undefined || !signed) return;
    const target = String(request.getHeader('x-amz-target') ?? `${request.method} ${request.host}${request.path}`);
    let body = '';
    const write = request.write.bind(request) as (chunk: Chunk, ...rest: unknown[]) => boolean;
    const end = request.end.bind(request) as (...args: unknown[]) => ClientRequest;
    request.write = ((chunk: Chunk, ...rest: unknown[]) => {
      body += text(chunk);
      return write(chunk, ...rest);
    }) as ClientRequest['write'];
    request.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') body += text(args[0]);
      recorded.push({ caller, target, body: parse(body) });
      return end(...args);
    }) as ClientRequest['end'];
  };
  subscribe('http.client.request.created', onCreated);
  return {
    as: (caller, run) => running.run(caller, run),
    calls: () => [...recorded],
    stop: () => unsubscribe('http.client.request.created', onCreated),
  };
}
