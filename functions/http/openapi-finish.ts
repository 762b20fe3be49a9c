import { describeResponsesAsAnswered, type RouteResponses } from './openapi-output.ts';

/**
 * The last touches to the generated OpenAPI document that the zod route definitions do not carry:
 * `servers`, stable `operationId`s and `security: []` on the public routes. The statuses every /v1
 * operation can answer whatever its handler does are added in openapi-common-responses.ts. Kept here,
 * in one table, so generated clients keep their method names when routes are moved between files.
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
  'GET /v1/audit': 'searchExchangeLog',
  'GET /v1/audit/verify': 'verifyExchangeLog',
  'GET /v1/audit/export': 'exportExchangeLog',
  'POST /oauth/token': 'requestToken',
  'GET /.well-known/jwks.json': 'getJwks',
  'GET /.well-known/oauth-authorization-server': 'getAuthorizationServerMetadata',
};

type Operation = { operationId?: string; security?: unknown[] };
type Document = { servers?: unknown[]; paths?: Record<string, Record<string, Operation>> };

/**
 * Completes the document for the origin it is served from (`https://host`, no trailing slash).
 * Responses are described as the server answers them (openapi-output.ts; `routes` are the zod route
 * definitions). Returns a new object; the input is not changed.
 */
export function finishOpenApiDocument<T extends object>(generated: T, origin: string, routes: readonly RouteResponses[] = []): T {
  const document = structuredClone(generated) as Document;
  describeResponsesAsAnswered(document, routes);
  document.servers = [{ url: origin, description: 'This deployment (the host that serves this document)' }];
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const id = operationIds[`${method.toUpperCase()} ${path}`];
      if (id && !operation.operationId) operation.operationId = id;
      // Outside /v1 nothing needs a token; under /v1 every route declares its scheme itself.
      if (!path.startsWith('/v1/') && !operation.security) operation.security = [];
    }
  }
  return document as T;
}
