import { timingSafeEqual } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type CryptoKey, type JSONWebKeySet, SignJWT } from 'jose';
import type { ParticipantRegistry } from '../../core/participants.ts';
import { roleScopes } from '../../core/permissions.ts';
import { localIssuerMetadataRoutes } from './local-issuer-metadata.ts';

export interface LocalIssuerOptions {
  registry: ParticipantRegistry;
  /** The one secret of every demo client (a documented local development secret). */
  clientSecret: string;
  issuer: string;
  audience: string;
  signingKey: { privateKey: CryptoKey; kid: string; alg: 'ES256' };
  publicJwks: JSONWebKeySet;
  tokenLifetimeSeconds: number;
}

const TokenRequestSchema = z.object({
  grant_type: z.string().optional().meta({ example: 'client_credentials' }),
  client_id: z.string().optional().meta({ example: 'abh-03101' }),
  client_secret: z.string().optional().meta({ example: 'dev-secret' }),
  scope: z.string().optional(),
});

const TokenResponseSchema = z
  .object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), scope: z.string() })
  .meta({ id: 'TokenResponse' });

const OAuthErrorSchema = z
  .object({
    error: z.enum(['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope']),
    error_description: z.string(),
  })
  .meta({ id: 'OAuthError', description: 'RFC 6749 section 5.2 error (the token endpoint speaks OAuth, not problem+json)' });

const tokenRoute = createRoute({
  method: 'post',
  path: '/oauth/token',
  tags: ['Local token issuer'],
  summary: 'Issue an access token to a demo client (local stack only)',
  description:
    'OAuth2 client credentials grant (RFC 6749 section 4.4). Client authentication by `client_id` and `client_secret` in the form body or by HTTP Basic. Exists only in the local stack; deployments use the real identity provider.',
  request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: TokenRequestSchema } } } },
  responses: {
    200: { description: 'The token', content: { 'application/json': { schema: TokenResponseSchema } } },
    400: { description: 'Malformed request, unsupported grant or scope', content: { 'application/json': { schema: OAuthErrorSchema } } },
    401: { description: 'Unknown client or wrong secret', content: { 'application/json': { schema: OAuthErrorSchema } } },
  },
});

const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Local token issuer'],
  summary: 'Public signing keys of the local token issuer',
  responses: {
    200: {
      description: 'JWK set',
      content: { 'application/json': { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } },
    },
  },
});

type OAuthError = z.infer<typeof OAuthErrorSchema>['error'];

function oauthError(c: Context, error: OAuthError, description: string) {
  const status = error === 'invalid_client' ? 401 : 400;
  if (status === 401) c.header('WWW-Authenticate', 'Basic realm="rueckkehr-exchange-local"');
  c.header('Cache-Control', 'no-store');
  return c.json({ error, error_description: description }, status);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Client id and secret from HTTP Basic (RFC 6749 section 2.3.1) or, failing that, the form body. */
function clientCredentials(c: Context, form: Record<string, unknown>): { id?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return {};
    try {
      return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
    } catch {
      return {}; // broken percent-encoding: no usable credentials, hence invalid_client
    }
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { id: text(form.client_id), secret: text(form.client_secret) };
}

/**
 * The local stack's identity provider: client-credentials tokens for the demo clients, signed with a
 * key generated at first start. Only the local server mounts it; no Lambda entry imports this file.
 */
export function localIssuerRoutes(options: LocalIssuerOptions) {
  const app = new OpenAPIHono();
  // Documented from the route definition, but validated by hand: OAuth clients expect RFC 6749 errors
  // (invalid_request for a JSON body), not the problem+json that the schema validators would give.
  app.openAPIRegistry.registerPath(tokenRoute);
  app.post(tokenRoute.path, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded')
      return oauthError(c, 'invalid_request', 'Send the request as application/x-www-form-urlencoded');
    const form = await c.req.parseBody();
    if (form.grant_type !== 'client_credentials')
      return oauthError(c, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    const { id, secret } = clientCredentials(c, form);
    const principal = id ? options.registry.principal(id) : undefined;
    if (!id || !secret || !principal || !sameSecret(secret, options.clientSecret)) {
      return oauthError(c, 'invalid_client', 'Client authentication failed');
    }
    const scope = roleScopes[principal.role];
    if (typeof form.scope === 'string' && form.scope.split(' ').some((s) => s !== '' && s !== scope)) {
      return oauthError(c, 'invalid_scope', `This client may only request ${scope}`);
    }
    const accessToken = await new SignJWT({ client_id: principal.clientId, scope })
      .setProtectedHeader({ alg: options.signingKey.alg, kid: options.signingKey.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(principal.clientId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${options.tokenLifetimeSeconds}s`)
      .setJti(crypto.randomUUID())
      .sign(options.signingKey.privateKey);
    c.header('Cache-Control', 'no-store');
    return c.json({ access_token: accessToken, token_type: 'Bearer' as const, expires_in: options.tokenLifetimeSeconds, scope }, 200);
  });
  app.openapi(jwksRoute, (c) => c.json({ keys: options.publicJwks.keys as Record<string, unknown>[] }, 200));
  app.route('/', localIssuerMetadataRoutes(options.issuer));
  return app;
}
