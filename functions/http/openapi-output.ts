import { z } from '@hono/zod-openapi';

/**
 * Response schemas as the server answers them (zod's output side). The generator describes every schema
 * by its input side, which is right for request bodies (a field with a default is optional for the
 * sender) but wrong for answers: the server always answers such a field. This pass makes the response
 * side say so: each object schema reachable from a response lists as `required` every property whose
 * output is never undefined. A component that request bodies share (e.g. `Consent`) keeps its input form,
 * and the response side gets a copy named `<Name>Output`.
 */

type Json = Record<string, unknown>;
type Document = { paths?: Record<string, Record<string, Json>>; components?: { schemas?: Record<string, Json> } };
// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions differ per schema type
type AnyZod = { _zod: { def: any; optout?: string } };

/** The zod schemas with a `meta({ id })`, by id: the components of the document. */
function registeredSchemas(): Map<string, AnyZod> {
  return (z.globalRegistry as unknown as { _idmap: Map<string, AnyZod> })._idmap;
}

/** The zod object or array under wrappers, as its output side sees it (a pipe's `out` unless that is a transform). */
function unwrap(schema: AnyZod | undefined): AnyZod | undefined {
  let at = schema;
  // Not every route response is a zod schema (a plain JSON schema object is allowed there).
  for (let depth = 0; at?._zod?.def && depth < 20; depth++) {
    const def = at._zod.def;
    if (def.type === 'object' || def.type === 'array') return at;
    if (def.type === 'pipe') at = def.out._zod.def.type === 'transform' ? def.in : def.out;
    else if ('innerType' in def) at = def.innerType;
    else return undefined;
  }
  return undefined;
}

/** Sets `required` on the JSON object schemas of `node` from the output side of `schema`, depth first; refs are left alone. */
function applyOutputSide(node: unknown, schema: AnyZod | undefined): void {
  if (typeof node !== 'object' || node === null || '$ref' in node) return;
  const json = node as Json;
  const zod = unwrap(schema);
  if (!zod) return;
  const def = zod._zod.def;
  if (def.type === 'array') {
    applyOutputSide(json.items, def.element);
    return;
  }
  const properties = json.properties as Record<string, unknown> | undefined;
  if (!properties) return;
  const shape = def.shape as Record<string, AnyZod>;
  const required = Object.keys(properties).filter((key) => shape[key] && shape[key]._zod.optout !== 'optional');
  if (required.length > 0) json.required = required;
  for (const [key, value] of Object.entries(properties)) applyOutputSide(value, shape[key]);
}

/** Names of the components a node refers to, directly. */
function refsIn(node: unknown, into = new Set<string>()): Set<string> {
  if (typeof node !== 'object' || node === null) return into;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) into.add(ref.slice('#/components/schemas/'.length));
  for (const value of Object.values(node)) refsIn(value, into);
  return into;
}

function closure(start: Iterable<string>, schemas: Record<string, Json>): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (seen.has(name) || !schemas[name]) continue;
    seen.add(name);
    queue.push(...refsIn(schemas[name]));
  }
  return seen;
}

function renameRefs(node: unknown, renamed: ReadonlyMap<string, string>): void {
  if (typeof node !== 'object' || node === null) return;
  const json = node as Json;
  const ref = json.$ref;
  if (typeof ref === 'string') {
    const target = renamed.get(ref.slice('#/components/schemas/'.length));
    if (target) json.$ref = `#/components/schemas/${target}`;
  }
  for (const value of Object.values(json)) renameRefs(value, renamed);
}

/** A route's zod response schemas: `{ method: 'get', path: '/v1/cases/{id}', responses: { 200: { content: ... } } }`. */
export interface RouteResponses {
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * Rewrites the document in place so that response schemas describe the output side; see the file comment.
 * `routes` gives the zod schemas of responses written inline in a route (not components).
 */
export function describeResponsesAsAnswered(document: Document, routes: readonly RouteResponses[] = []): void {
  const schemas = document.components?.schemas ?? {};
  const zodById = registeredSchemas();
  const operations = Object.values(document.paths ?? {}).flatMap((byMethod) => Object.values(byMethod));
  const responseBodies = operations.flatMap((op) => Object.values((op.responses ?? {}) as Record<string, Json>));
  const requestBodies = operations.flatMap((op) => [op.requestBody, op.parameters]);
  const responseSide = closure(refsIn(responseBodies), schemas);
  const requestSide = closure(refsIn(requestBodies), schemas);

  // The output form of each response-side component; a component differs when it or one it refers to does.
  const output = new Map<string, Json>();
  for (const name of responseSide) {
    const copy = structuredClone(schemas[name] as Json);
    applyOutputSide(copy, zodById.get(name));
    output.set(name, copy);
  }
  const differs = new Set([...responseSide].filter((name) => JSON.stringify(output.get(name)) !== JSON.stringify(schemas[name])));
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of responseSide) {
      if (!differs.has(name) && [...refsIn(schemas[name])].some((ref) => differs.has(ref))) {
        differs.add(name);
        grew = true;
      }
    }
  }
  const renamed = new Map([...differs].filter((name) => requestSide.has(name)).map((name) => [name, `${name}Output`]));
  for (const name of differs) {
    const schema = output.get(name) as Json;
    renameRefs(schema, renamed);
    schemas[renamed.get(name) ?? name] = schema;
  }
  renameRefs(responseBodies, renamed);
  for (const route of routes) {
    const responses = (document.paths?.[route.path]?.[route.method]?.responses ?? {}) as Record<string, Json>;
    for (const [status, response] of Object.entries(route.responses)) {
      for (const [mediaType, { schema }] of Object.entries(response.content ?? {})) {
        const content = responses[status]?.content as Record<string, Json> | undefined;
        applyOutputSide(content?.[mediaType]?.schema, schema as AnyZod);
      }
    }
  }
}
