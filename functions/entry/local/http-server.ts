import type { Duplex } from 'node:stream';
import { type ServerType, serve } from '@hono/node-server';
import { problemCatalogue, problemTypeUri } from '../../../schemas/problem.ts';

/**
 * Node's limit on a request's header section, in bytes. Above the app's own 16 KiB, so that the app
 * answers an oversized header with its 431 problem; only what is larger still is refused by Node's
 * parser, and then answered below.
 */
export const NODE_MAX_HEADER_BYTES = 64 * 1024;

/** A complete HTTP/1.1 problem+json answer for a request Node could not parse; the connection closes. */
function rawProblem(kind: 'header-fields-too-large' | 'malformed-request', detail: string): string {
  const { status, title } = problemCatalogue[kind];
  const body = JSON.stringify({ type: problemTypeUri(kind), title, status, detail });
  return [
    `HTTP/1.1 ${status} ${title}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Answers what Node's HTTP parser refuses before the app sees it (a header section over
 * {@link NODE_MAX_HEADER_BYTES}, a request line that is not HTTP) with problem+json instead of Node's
 * empty default, then closes the socket. A reset or half-closed socket gets nothing.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? rawProblem('header-fields-too-large', 'The request header fields are too large')
      : rawProblem('malformed-request', 'The request is not valid HTTP/1.1'),
  );
}

/** Serves a fetch handler on Node (the local stack and the tests), with the limits and answers above. */
export function serveApp(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { hostname: string; port: number },
): ServerType {
  const server = serve({ fetch, ...options, serverOptions: { maxHeaderSize: NODE_MAX_HEADER_BYTES } });
  server.on('clientError', answerClientError);
  return server;
}
