/**
 * The last touches to the generated OpenAPI document that the zod route definitions do not carry:
 * `servers`, stable `operationId`s, `security: []` on the public routes, and the problem statuses
 * every authenticated operation can answer whatever its handler does (503 from the identity provider or
 * the stores, 431 from the header limit). Kept here, in one table, so generated clients keep their
 * method names when routes are moved between files.
 */

/** `METHOD path` to operationId; the names generated clients use, so never rename one. */
export const operationIds: Readonly<Record<string, string>> = {
  'GET /health': 'getHealth',
  'GET /problems/{kind}': 'getProblemType',
  'POST /v1/cases': 'submitCase',
  'GET /v1/cases': 'listCases',
  'GET /v1/cases/{id}': 'getCase',
  'POST /v1/consultations': 'submitConsultation',
  'GET /v1/consultations': 'listConsultations',
  'GET /v1/consultations/{id}': 'getConsultation',
  'POST /v1/centres/{centre}/work/lease': 'leaseWork',
  'POST /v1/centres/{centre}/work/ack': 'ackWork',
  'POST /v1/centres/{centre}/work/release': 'releaseWork',
  'POST /v1/centres/{centre}/work/extend': 'extendWorkLeases',
  'GET /v1/admin/status': 'getAdminStatus',
  'POST /v1/admin/redrive': 'redriveDeadLetters',
  'POST /v1/cases/{id}/withdraw': 'withdrawCase',
  'POST /v1/cases/{id}/status': 'reportCaseStatus',
  'POST /v1/cases/{id}/transfer': 'transferCase',
  'POST /v1/consultations/{id}/withdraw': 'withdrawConsultation',
  'POST /v1/consultations/{id}/status': 'reportConsultationStatus',
  'POST /v1/consultations/{id}/transfer': 'transferConsultation',
  'GET /v1/events': 'listEvents',
  'GET /v1/routing-table': 'getRoutingTable',
  'POST /oauth/token': 'requestToken',
  'GET /.well-known/jwks.json': 'getJwks',
  'GET /.well-known/oauth-authorization-server': 'getAuthorizationServerMetadata',
};

type Operation = { operationId?: string; security?: unknown[]; responses?: Record<string, unknown> };
type Document = { servers?: unknown[]; paths?: Record<string, Record<string, Operation>> };

const problemRef = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const alwaysPossible: Record<string, string> = {
  '431': 'Request header fields over 16 KiB in all (/problems/header-fields-too-large)',
  '503':
    'The identity provider\u2019s keys or the stores cannot be reached; retry with backoff, after `Retry-After` seconds when the answer has one (/problems/service-unavailable)',
};

/**
 * Completes the document for the origin it is served from (`https://host`, no trailing slash).
 * Returns a new object; the input is not changed.
 */
export function finishOpenApiDocument<T extends object>(generated: T, origin: string): T {
  const document = structuredClone(generated) as Document;
  document.servers = [{ url: origin, description: 'This deployment (the host that serves this document)' }];
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const id = operationIds[`${method.toUpperCase()} ${path}`];
      if (id && !operation.operationId) operation.operationId = id;
      // Outside /v1 nothing needs a token; under /v1 every route declares its scheme itself.
      if (!path.startsWith('/v1/') && !operation.security) operation.security = [];
      if (path.startsWith('/v1/')) {
        operation.responses ??= {};
        const responses = operation.responses;
        for (const [status, description] of Object.entries(alwaysPossible)) responses[status] ??= { description, content: problemRef };
      }
    }
  }
  return document as T;
}
