import type { MiddlewareHandler } from 'hono';
import { problemResponse } from '../problem.ts';
import { jsonMediaTypeProblem, parseStrictJson } from '../strict-json.ts';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const CANONICAL_JSON = 'application/json; charset=utf-8';
/** What @hono/zod-openapi's media-type gate lets through (its `jsonRequestRegex`). */
const GATE_PATTERN = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * Reads every JSON body once, at the edge, so that every route (today's and later ones) gets the same
 * checks: a write that is not `application/json` with UTF-8 is 415; bytes that are not UTF-8, JSON
 * that is not I-JSON (duplicate member names, lone surrogates) or has `__proto__` are 400. The parsed
 * value goes into Hono's body cache, so `c.req.json()` and the zod-openapi validators read it as usual.
 */
export function readJsonBody(): MiddlewareHandler {
  return async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    const mediaTypeProblem = jsonMediaTypeProblem(c.req.header('content-type'));
    if (mediaTypeProblem) return problemResponse(c, mediaTypeProblem.kind, mediaTypeProblem.detail);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await c.req.arrayBuffer());
    } catch {
      // The client went away or broke the framing while sending; nothing it sent is stored.
      return problemResponse(c, 'malformed-request', 'The body could not be read completely');
    }
    const result = parseStrictJson(bytes);
    if (!result.ok) return problemResponse(c, result.problem.kind, result.problem.detail);
    c.req.bodyCache.json = Promise.resolve(result.value);
    if (!GATE_PATTERN.test(c.req.header('content-type') ?? '')) {
      // zod-openapi's media-type gate matches Content-Type more strictly than RFC 9110 (no space before
      // ";"): once the body is read, later checks see the canonical form of what was accepted.
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', CANONICAL_JSON);
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, body: bytes, signal: c.req.raw.signal });
    }
    await next();
  };
}
