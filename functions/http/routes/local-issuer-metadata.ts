import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { roleScopes } from '../../core/permissions.ts';

/** RFC 8414 section 2 metadata of the local token issuer: what an OAuth2 client library needs to configure itself. */
const MetadataSchema = z
  .object({
    issuer: z.string(),
    token_endpoint: z.string(),
    jwks_uri: z.string(),
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
    scopes_supported: z.array(z.string()),
  })
  .meta({ id: 'AuthorizationServerMetadata', description: 'RFC 8414 section 2 authorization server metadata' });

const metadataRoute = createRoute({
  method: 'get',
  path: '/.well-known/oauth-authorization-server',
  operationId: 'getAuthorizationServerMetadata',
  tags: ['Local token issuer'],
  summary: 'OAuth 2.0 authorization server metadata of the local token issuer (RFC 8414)',
  security: [],
  responses: {
    200: { description: 'The metadata', content: { 'application/json': { schema: MetadataSchema } } },
  },
});

/**
 * `/.well-known/oauth-authorization-server` for an issuer without a path component (RFC 8414 section 3),
 * so that openid-client and other standard clients discover the token endpoint and the keys.
 */
export function localIssuerMetadataRoutes(issuer: string) {
  const app = new OpenAPIHono();
  app.openapi(metadataRoute, (c) =>
    c.json(
      {
        issuer,
        token_endpoint: `${issuer}/oauth/token`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        // No authorization endpoint: client credentials only (the member is REQUIRED, hence empty).
        response_types_supported: [],
        scopes_supported: Object.values(roleScopes),
      },
      200,
    ),
  );
  return app;
}
