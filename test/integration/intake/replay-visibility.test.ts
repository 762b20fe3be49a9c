import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParticipantRegistry } from '../../../functions/core/participants.ts';
import { composeApp } from '../../../functions/entry/compose.ts';
import type { ParticipantRegistryFile } from '../../../schemas/participant.ts';
import { minimalConsultation } from '../../support/fixtures.ts';
import { expectProblem } from '../../support/problems.ts';
import { minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { exchangeLogEntriesOf } from '../../support/tokens.ts';

const registryFile = JSON.parse(
  readFileSync(new URL('../../../functions/entry/local/participants.local.json', import.meta.url), 'utf8'),
) as ParticipantRegistryFile;

/** The local registry with one client id moved to another organisation (a re-registration). */
function reRegistered(clientId: string, organisation: string): ParticipantRegistry {
  const participants = registryFile.participants.map((p) => (p.clientId === clientId ? { ...p, organisation } : p));
  return ParticipantRegistry.parse({ ...registryFile, version: `${registryFile.version}-moved`, participants });
}

const AUTHORITIES = registryFile.participants.filter((p) => p.role === 'municipality' && p.enabled).map((p) => p.organisation);

describe('idempotent replays only to a caller who may still see the resource', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** The same stores and services, with the client id registered to another authority. */
  function appAfterMove(clientId: string, organisation: string) {
    const runtime = { ...t.runtime, registry: reRegistered(clientId, organisation) };
    return composeApp(runtime, [], t.services);
  }

  const send = (
    app: ReturnType<typeof appAfterMove> | TestApp['app'],
    token: string,
    path: string,
    body: unknown,
    key: string,
    requestId?: string,
  ) =>
    app.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
        ...(requestId ? { 'X-Request-Id': requestId } : {}),
      },
    });

  it('answers 404 to a replay after the client id was re-registered to another authority, without the first one\u2019s personal data', async () => {
    const token = await t.token('abh-03101');
    const body = minimalCase({ person: { familyName: 'Replaytest' } });
    const key = crypto.randomUUID();
    expect((await send(t.app, token, '/v1/cases', body, key)).status).toBe(201);

    const moved = appAfterMove('abh-03101', '03404');
    const requestId = `replay-${crypto.randomUUID()}`;
    const response = await send(moved, token, '/v1/cases', body, key, requestId);
    const problem = await expectProblem(response, 404, '/problems/not-found');
    expect(JSON.stringify(problem)).not.toContain('Replaytest');
    const entries = await exchangeLogEntriesOf(t.runtime, requestId);
    expect(entries.map((entry) => entry.outcome)).toEqual(['denied']);
  });

  it('replays to any client id moved to another authority only as 404, for cases and consultations, and still 201 to the owner', async () => {
    const token = await t.token('abh-03101');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...AUTHORITIES.filter((ags) => ags !== '03101')),
        fc.constantFrom('/v1/cases', '/v1/consultations'),
        async (organisation, path) => {
          const body = path === '/v1/cases' ? minimalCase() : minimalConsultation();
          const key = crypto.randomUUID();
          expect((await send(t.app, token, path, body, key)).status).toBe(201);
          await expectProblem(await send(appAfterMove('abh-03101', organisation), token, path, body, key), 404, '/problems/not-found');
          const replay = await send(t.app, token, path, body, key);
          expect(replay.status).toBe(201);
          expect(replay.headers.get('idempotent-replayed')).toBe('true');
        },
      ),
      { numRuns: 15 },
    );
  });
});
