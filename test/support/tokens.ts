import { randomUUID } from 'node:crypto';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { base64url, type CryptoKey, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import type { Runtime } from '../../functions/entry/compose.ts';
import { LOCAL_AUDIENCE } from '../../functions/entry/local/local-auth.ts';

/** The claims of an access token; a claim set to `undefined` is left out of the token. */
export interface TokenClaims extends JWTPayload {
  client_id?: string;
  scope?: string;
}

/** A signing key and the `kid` its tokens name in their header. */
export interface Signer {
  privateKey: CryptoKey | Uint8Array;
  kid?: string | undefined;
}

/**
 * Claims as the local issuer writes them, valid for ten minutes from now: `iss`, `aud`, `sub`,
 * `client_id`, `scope`, `iat`, `nbf`, `exp`, `jti`. Tests override one claim at a time.
 */
export function claimsFor(issuer: string, clientId: string, scope: string | undefined, overrides: TokenClaims = {}): TokenClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: LOCAL_AUDIENCE,
    sub: clientId,
    client_id: clientId,
    scope,
    iat: now,
    nbf: now,
    exp: now + 600,
    jti: randomUUID(),
    ...overrides,
  };
}

/** Signs the claims as given (no defaults added), with the header `{ alg, kid, typ }` (`typ` left out when null). */
export function signToken(claims: TokenClaims, signer: Signer, alg = 'ES256', typ: string | null = 'at+jwt'): Promise<string> {
  const payload = JSON.parse(JSON.stringify(claims)) as JWTPayload;
  return new SignJWT(payload)
    .setProtectedHeader({ alg, ...(typ ? { typ } : {}), ...(signer.kid ? { kid: signer.kid } : {}) })
    .sign(signer.privateKey);
}

/** An `alg: none` token: the claims with an empty signature. */
export function unsignedToken(claims: TokenClaims): string {
  return new UnsecuredJWT(JSON.parse(JSON.stringify(claims)) as JWTPayload).encode();
}

/** The token with one character in the middle of its signature changed (a character that carries 6 bits). */
export function tamperSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const middle = Math.floor(signature.length / 2);
  const replacement = signature[middle] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, middle)}${replacement}${signature.slice(middle + 1)}`;
}

/** The token with its payload rewritten and its original header and signature kept. */
export function tamperPayload(token: string, change: (claims: TokenClaims) => TokenClaims): string {
  const [header, payload = '', signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as TokenClaims;
  return `${header}.${base64url.encode(JSON.stringify(change(claims)))}.${signature}`;
}

/** Every item of the app's exchange log table (the audit table), read with a paged Scan. */
export async function exchangeLogItems(runtime: Pick<Runtime, 'clients' | 'resources'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await runtime.clients.doc.send(
      new ScanCommand({ TableName: runtime.resources.tables.audit.name, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The exchange log records of one request, found by the X-Request-Id the test sent: its entries, or,
 * for a refusal that repeated an earlier one of the same source in the same window, the window's
 * counter that counted it last (as `{ ...what the entry will say, requestId, counted: true }`).
 */
export async function exchangeLogEntriesOf(runtime: Pick<Runtime, 'clients' | 'resources'>, requestId: string) {
  return (await exchangeLogItems(runtime)).flatMap((item) => {
    if (item.requestId === requestId) return [item];
    if (item.lastRequestId === requestId) return [{ ...(item.template as Record<string, unknown>), requestId, counted: true }];
    return [];
  });
}

/** How many refused calls the log's items account for: denied entries and the repeats counted into windows. */
export function refusalsAccountedFor(items: Record<string, unknown>[]): number {
  return items.reduce((sum, item) => {
    if (item.outcome === 'denied') return sum + Number(item.count ?? 1);
    return sum + (String(item.pk).startsWith('REFUSALS#') ? Number(item.repeats) : 0);
  }, 0);
}
