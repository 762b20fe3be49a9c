import { readFileSync } from 'node:fs';
import { createRemoteJWKSet } from 'jose';
import { ParticipantRegistry } from '../../core/participants.ts';
import { createTokenVerifier, type TokenVerifier } from '../../http/auth/token-verifier.ts';
import type { LocalIssuerOptions } from '../../http/routes/local-issuer.ts';
import type { IssuerKey } from './issuer-key.ts';

export const LOCAL_AUDIENCE = 'rueckkehr-exchange';
export const LOCAL_TOKEN_LIFETIME_SECONDS = 3600;

/** The demo clients of the local stack: every authority of the routing table, both centres, an admin. */
export function loadLocalRegistry(): ParticipantRegistry {
  const file = new URL('./participants.local.json', import.meta.url);
  return ParticipantRegistry.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface LocalAuth {
  registry: ParticipantRegistry;
  verify: TokenVerifier;
  tokenUrl: string;
  localIssuer: LocalIssuerOptions;
}

/**
 * Identity for the local stack, wired as on AWS: the API verifies tokens against the issuer's JWKS URL
 * (here its own /.well-known/jwks.json), fetched over HTTP like any identity provider's.
 */
export function createLocalAuth(options: { baseUrl: string; key: IssuerKey; clientSecret: string; cacheTokens?: boolean }): LocalAuth {
  const registry = loadLocalRegistry();
  const issuer = options.baseUrl;
  const verify = createTokenVerifier({
    keys: createRemoteJWKSet(new URL('/.well-known/jwks.json', options.baseUrl)),
    issuer,
    audience: LOCAL_AUDIENCE,
    clientIdClaim: 'client_id',
    // The local issuer issues RFC 9068 access tokens, so the local stack checks `typ` as a resource server should.
    requiredType: 'at+jwt',
    maxTokenAgeSeconds: LOCAL_TOKEN_LIFETIME_SECONDS,
    cache: options.cacheTokens === false ? false : { maxEntries: 10_000 },
  });
  return {
    registry,
    verify,
    tokenUrl: `${options.baseUrl}/oauth/token`,
    localIssuer: {
      registry,
      clientSecret: options.clientSecret,
      issuer,
      audience: LOCAL_AUDIENCE,
      signingKey: { privateKey: options.key.privateKey, kid: options.key.kid, alg: options.key.alg },
      publicJwks: { keys: [options.key.publicJwk] },
      tokenLifetimeSeconds: LOCAL_TOKEN_LIFETIME_SECONDS,
    },
  };
}
