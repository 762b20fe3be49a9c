import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, paths };
export type ExchangeClient = Client<paths>;

/**
 * A typed client of the exchange API (openapi-fetch over the generated `paths`): every path, method,
 * body and answer is checked by the TypeScript compiler against the OpenAPI document.
 *
 * @param baseUrl the API's origin, e.g. `http://127.0.0.1:3000` (no trailing slash)
 * @param accessToken a client-credentials access token, sent as `Authorization: Bearer`
 * @param fetchImpl another fetch (tests pass the app's in-process `request`)
 */
export function createExchangeClient(baseUrl: string, accessToken: string, fetchImpl?: typeof fetch): ExchangeClient {
  return createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${accessToken}` },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
