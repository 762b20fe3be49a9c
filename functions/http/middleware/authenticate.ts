import type { Context, MiddlewareHandler } from 'hono';
import { AccessDenied, authorise, type DenialReason } from '../../core/access.ts';
import { AppError, UnauthorizedError } from '../../core/errors.ts';
import type { ParticipantRegistry, Principal } from '../../core/participants.ts';
import { matchPermission, roleScopes } from '../../core/permissions.ts';
import type { ExchangeLog } from '../../core/ports/exchange-log.ts';
import type { TokenVerifier } from '../auth/token-verifier.ts';
import { callerAddress } from '../caller-address.ts';
import type { AppEnv } from '../env.ts';
import { logEntry } from '../exchange-log-entry.ts';
import type { Logger } from '../logger.ts';

export interface AuthDeps {
  verify: TokenVerifier;
  /** Consulted on every request, also when the token itself came from the verified-token cache. */
  registry: Pick<ParticipantRegistry, 'principal'>;
  exchangeLog: ExchangeLog;
  logger: Logger;
  /** The clock of refusal entries (their window); the system clock by default. */
  now?: () => Date;
}

const BEARER_REALM = 'Bearer realm="rueckkehr-exchange"';

class Unauthenticated extends UnauthorizedError {
  readonly reason: DenialReason;
  constructor(reason: DenialReason, detail?: string) {
    super(detail);
    this.reason = reason;
  }
}

function bearerToken(header: string | undefined): string {
  if (!header) throw new Unauthenticated('missing_token', 'Send Authorization: Bearer <access token>');
  const match = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(header);
  if (!match?.[1]) throw new Unauthenticated('invalid_token', 'The Authorization header must be "Bearer <access token>"');
  return match[1];
}

const subjectTypes: Record<string, string> = { cases: 'case', consultations: 'consultation', centres: 'centre' };

/** The subject a refused call was aimed at, from the path alone (no lookup happens for refused calls). */
function subjectOf(path: string, params: Record<string, string>): { type: string; id: string } | undefined {
  const collection = path.split('/')[2] ?? '';
  const id = params.id ?? params.centre;
  const type = subjectTypes[collection];
  return type && id ? { type, id } : undefined;
}

/**
 * Authentication and the role check for every /v1 route, in the contract's order: 401 for a missing,
 * invalid or unregistered token; 403 for a role (or scope) that may never call the operation, before
 * any lookup; 404 for a route owned by another tenant. Every refusal is written to the exchange log
 * as `denied`, with the actor where the token was valid, never the token itself; repeats of one source
 * (the client, else the caller's address) are counted into one entry per window, so a flood stays bounded.
 */
export function authenticate(deps: AuthDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const matched = matchPermission(c.req.method, c.req.path);
    let principal: Principal | undefined;
    try {
      const token = await deps.verify(bearerToken(c.req.header('authorization'))).catch((error: unknown) => {
        throw error instanceof UnauthorizedError ? new Unauthenticated('invalid_token') : error;
      });
      principal = deps.registry.principal(token.clientId);
      if (!principal) throw new Unauthenticated('unregistered_client', 'The client is not registered or is disabled');
      // A path the contract does not have is left to the not-found handler, once authenticated.
      if (matched) authorise(principal, matched.permission, matched.params, token.scopes);
    } catch (error) {
      await recordDenial(c, deps, error, principal, matched);
      throw error;
    }
    c.set('principal', principal);
    if (matched) c.set('operation', matched.permission.operation);
    await next();
  };
}

async function recordDenial(
  c: Context<AppEnv>,
  deps: AuthDeps,
  error: unknown,
  actor: Principal | undefined,
  matched: ReturnType<typeof matchPermission>,
): Promise<void> {
  // Only refusals are denials; an unreachable identity provider (503) is an outage, not an access attempt.
  if (!(error instanceof AppError) || !['unauthorized', 'forbidden', 'not-found'].includes(error.kind)) return;
  if (error instanceof Unauthenticated) {
    // RFC 6750 section 3.1: no error code when the request carried no credentials at all.
    c.header('WWW-Authenticate', error.reason === 'missing_token' ? BEARER_REALM : `${BEARER_REALM}, error="invalid_token"`);
  }
  const reason = error instanceof Unauthenticated || error instanceof AccessDenied ? error.reason : 'other_tenant';
  if (error instanceof AccessDenied && error.reason === 'insufficient_scope' && actor) {
    c.header('WWW-Authenticate', `${BEARER_REALM}, error="insufficient_scope", scope="${roleScopes[actor.role]}"`);
  }
  const subject = matched ? subjectOf(c.req.path, matched.params) : undefined;
  try {
    await deps.exchangeLog.refuse(
      logEntry(
        c,
        {
          action: matched?.permission.operation ?? 'unknown',
          outcome: 'denied',
          reason,
          ...(actor ? { actor } : {}),
          ...(subject ? { subject } : {}),
        },
        deps.now,
      ),
      actor ? { clientId: actor.clientId } : { address: callerAddress(c) },
    );
  } catch (logError) {
    // The refusal stands even when it cannot be recorded; operators see the failure in the logs.
    deps.logger.error('exchange log append failed', { requestId: c.get('requestId'), error: (logError as Error).name });
  }
}
