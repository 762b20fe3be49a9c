import { minimalCase } from '../support/fixtures.ts';
import { benchIdentity, withBenchStack } from './bench-stack.ts';
import { type BenchResult, measure } from './measure.ts';

export const title = 'Intake: a case handover end to end (claim, transaction, direct send), a replay, a read';

const REQUESTS = 300;

/**
 * Whole requests through the composed app on DynamoDB Local and fauxqs: POST /v1/cases (idempotency
 * claim, the five-part transaction, the SQS send and the outbox clean-up), the replay of one, and the
 * logged read of one. Sequential, one client: latency, not throughput.
 */
export default async function bench(): Promise<BenchResult[]> {
  const { token, verifier } = await benchIdentity();
  const headers = { Authorization: `Bearer ${await token('abh-03101')}`, 'Content-Type': 'application/json' };
  return withBenchStack(async (appWith) => {
    const app = appWith(verifier(true));
    let n = 0;
    const submit = (key: string, reference: string) =>
      app.request('/v1/cases', {
        method: 'POST',
        headers: { ...headers, 'Idempotency-Key': key },
        body: JSON.stringify(minimalCase({ municipalReference: reference })),
      });
    const expect = async (response: Response, status: number) => {
      if (response.status !== status) throw new Error(`answered ${response.status}, expected ${status}: ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const results: BenchResult[] = [];
    results.push(
      await measure(
        'POST /v1/cases (new case)',
        REQUESTS,
        async () => {
          n += 1;
          await expect(await submit(`bench-${n}`, `BENCH-${n}`), 201);
        },
        50,
      ),
    );
    const first = await expect(await submit('bench-replay', 'BENCH-REPLAY'), 201);
    results.push(
      await measure('POST /v1/cases (replay)', REQUESTS, async () => expect(await submit('bench-replay', 'BENCH-REPLAY'), 201), 50),
    );
    results.push(
      await measure(
        'GET /v1/cases/{id} (logged read)',
        REQUESTS,
        async () => expect(await app.request(`/v1/cases/${first.id}`, { headers }), 200),
        50,
      ),
    );
    return results;
  });
}
