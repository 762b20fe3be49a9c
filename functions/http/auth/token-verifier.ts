import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { AppError, UnauthorizedError } from '../../core/errors.ts';

/** Asymmetric algorithms only: HS* would let anyone holding the public key forge tokens, `none` anyone at all. */
export const ALLOWED_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

export interface VerifierOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  /** Checked when set; Cognito client-credentials tokens carry no `aud`. */
  audience?: string | undefined;
  /** The claim that names the client (`client_id` for Cognito and the local issuer). */
  clientIdClaim: string;
  clockToleranceSeconds?: number;
  /**
   * Required JOSE header `typ`, e.g. `at+jwt` for RFC 9068 access tokens (section 4: resource servers
   * check it, so an ID token or other JWT of the same issuer is not taken as an access token). Unset for
   * providers that do not set it (Amazon Cognito). Compared as jose does: case-insensitive, `application/` optional.
   */
  requiredType?: string | undefined;
  /**
   * Upper bound in seconds on a token's age from `iat` (then `iat` is required): a guard against tokens
   * issued to live for years. Unset: no bound beyond `exp`.
   */
  maxTokenAgeSeconds?: number | undefined;
  /** Keep verified tokens until they expire, to skip the signature check on repeated calls. */
  cache?: { maxEntries: number } | false;
}

export interface VerifiedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/** Failures of the JWKS fetch (network, timeout, non-200, unparsable), as opposed to a bad token. */
function identityProviderUnreachable(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')
  );
}

/** Scopes from `scope` (RFC 8693 / Cognito), `scp` or `roles` (Entra ID app roles). */
function scopesOf(payload: JWTPayload): string[] {
  const values = [payload.scope, payload.scp, payload.roles];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(' ') : Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []));
}

/**
 * Verifies bearer tokens with jose: explicit algorithms, issuer, optional audience, exp/nbf with a small
 * clock tolerance, a required `sub`, and when configured the `typ` header (RFC 9068) and a maximum age
 * from `iat`. Any failure is a 401 that does not say which check failed.
 */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const tolerance = options.clockToleranceSeconds ?? 30;
  // Each entry is kept until the token stops passing jwtVerify: its exp, or iat + maxTokenAge if that is sooner.
  const cache = options.cache === false ? undefined : new Map<string, { verified: VerifiedToken; validUntil: number }>();
  const maxEntries = options.cache ? options.cache.maxEntries : 10_000;

  async function verify(token: string): Promise<{ verified: VerifiedToken; validUntil: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        algorithms: ALLOWED_ALGORITHMS,
        issuer: options.issuer,
        ...(options.audience ? { audience: options.audience } : {}),
        clockTolerance: tolerance,
        ...(options.requiredType ? { typ: options.requiredType } : {}),
        ...(options.maxTokenAgeSeconds !== undefined ? { maxTokenAge: options.maxTokenAgeSeconds } : {}),
        requiredClaims: options.maxTokenAgeSeconds !== undefined ? ['exp', 'sub', 'iat'] : ['exp', 'sub'],
      }));
    } catch (error) {
      if (identityProviderUnreachable(error)) {
        // Not the caller's fault: a 503 they can retry, not a 401 that blames their token.
        throw new AppError('service-unavailable', 'The identity provider\u2019s keys cannot be fetched; retry shortly', { cause: error });
      }
      if (error instanceof errors.JOSEError) throw new UnauthorizedError(undefined, { cause: error });
      throw error;
    }
    const clientId = payload[options.clientIdClaim];
    if (typeof clientId !== 'string' || clientId.length === 0) throw new UnauthorizedError();
    const expiresAt = payload.exp as number;
    const ageLimit = options.maxTokenAgeSeconds !== undefined ? (payload.iat as number) + options.maxTokenAgeSeconds : expiresAt;
    return { verified: { clientId, scopes: scopesOf(payload), expiresAt }, validUntil: Math.min(expiresAt, ageLimit) };
  }

  return async (token) => {
    if (!cache) return (await verify(token)).verified;
    const now = Math.floor(Date.now() / 1000);
    const hit = cache.get(token);
    // Within the clock tolerance a token is still accepted by jwtVerify, so the cache honours the same bound.
    if (hit && hit.validUntil + tolerance > now) return hit.verified;
    if (hit) cache.delete(token);
    const entry = await verify(token);
    if (cache.size >= maxEntries) {
      // Evict the oldest insertion; Map iterates in insertion order.
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(token, entry);
    return entry.verified;
  };
}
