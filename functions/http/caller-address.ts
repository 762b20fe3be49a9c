import type { Context } from 'hono';

/** The shapes of `c.env` that carry the caller's address: API Gateway's event (hono/aws-lambda), Node's socket. */
interface AddressCarrier {
  event?: { requestContext?: { http?: { sourceIp?: unknown }; identity?: { sourceIp?: unknown } } };
  incoming?: { socket?: { remoteAddress?: unknown } };
}

/**
 * The network address a request came from, as the runtime saw it: API Gateway's `sourceIp` on Lambda,
 * the socket's peer in the Node server. Never a header: `X-Forwarded-For` is the caller's to invent.
 * `unknown` where neither exists (in-process requests in tests).
 */
export function callerAddress(c: Context): string {
  const env = (c.env ?? {}) as AddressCarrier;
  const address =
    env.event?.requestContext?.http?.sourceIp ?? env.event?.requestContext?.identity?.sourceIp ?? env.incoming?.socket?.remoteAddress;
  return typeof address === 'string' && address.length > 0 ? address : 'unknown';
}
