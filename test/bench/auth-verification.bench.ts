import { benchIdentity, withBenchStack } from './bench-stack.ts';
import { type BenchResult, measure } from './measure.ts';

export const title = 'Bearer token verification per request: jose ES256 check vs the verified-token cache';

const VERIFICATIONS = 5_000;
const REQUESTS = 1_000;

/**
 * (a) and (b): createTokenVerifier on a real ES256 token against a local JWKS, without and with the
 * cache. (c): whole requests through the composed app's `app.request`, on DynamoDB Local and fauxqs
 * started here (a list of cases reads DynamoDB; an unknown /v1 path is answered after authentication
 * without touching a store).
 */
export default async function bench(): Promise<BenchResult[]> {
  const { token: tokenFor, verifier } = await benchIdentity();
  const token = await tokenFor('abh-03101');
  const results: BenchResult[] = [];
  const uncached = verifier(false);
  const cached = verifier(true);
  results.push(await measure('(a) verify, cache off', VERIFICATIONS, () => uncached(token)));
  results.push(await measure('(b) verify, cache on', VERIFICATIONS, () => cached(token)));

  await withBenchStack(async (appWith) => {
    const headers = { Authorization: `Bearer ${token}` };
    const apps = [
      { label: 'cache off', composed: appWith(verifier(false)) },
      { label: 'cache on', composed: appWith(verifier(true)) },
    ];
    const request = (composed: ReturnType<typeof appWith>, path: string, expected: number) => async () => {
      const response = await composed.request(path, { headers });
      if (response.status !== expected) throw new Error(`${path} answered ${response.status}, expected ${expected}`);
      await response.arrayBuffer();
    };
    // Warm DynamoDB Local (a JVM) with both apps first, so that neither variant pays for its warm-up.
    for (const { composed } of apps) await measure('warm-up', 1000, request(composed, '/v1/cases', 200), 0);
    for (const [path, expected, name] of [
      ['/v1/nothing', 404, 'GET /v1/nothing (404 after auth)'],
      ['/v1/cases', 200, 'GET /v1/cases (DynamoDB Local)'],
    ] as const) {
      for (const { label, composed } of apps) {
        results.push(await measure(`(c) ${name}, ${label}`, REQUESTS, request(composed, path, expected)));
      }
    }
  });
  return results;
}
