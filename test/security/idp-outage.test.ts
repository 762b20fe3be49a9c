import { createServer, type Server } from 'node:http';
import { createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../functions/entry/compose.ts';
import { LOCAL_AUDIENCE } from '../../functions/entry/local/local-auth.ts';
import { freePort } from '../../functions/entry/local/local-stores.ts';
import { createTokenVerifier } from '../../functions/http/auth/token-verifier.ts';
import { scanTable } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

describe('an unreachable identity provider', () => {
  let t: TestApp;
  let failing: Server;
  let failingUrl: string;
  beforeAll(async () => {
    t = await createTestApp();
    const port = await freePort();
    failing = createServer((_req, res) => {
      res.writeHead(500).end('upstream broken');
    });
    await new Promise<void>((resolve) => failing.listen(port, '127.0.0.1', resolve));
    failingUrl = `http://127.0.0.1:${port}/jwks.json`;
  });
  afterAll(async () => {
    failing.close();
    await t.close();
  });

  function appWithKeysFrom(url: string) {
    const verify = createTokenVerifier({
      keys: createRemoteJWKSet(new URL(url)),
      issuer: t.base,
      audience: LOCAL_AUDIENCE,
      clientIdClaim: 'client_id',
      cache: false,
    });
    return composeApp({ ...t.runtime, verify });
  }

  it('answers 503, not 401, and records no denial, when its JWKS cannot be fetched', async () => {
    const token = await t.token('abh-03101');
    const closedPort = await freePort();
    for (const url of [`http://127.0.0.1:${closedPort}/jwks.json`, failingUrl]) {
      const requestId = `idp-outage-${crypto.randomUUID()}`;
      const response = await appWithKeysFrom(url).request('/v1/cases', {
        headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': requestId },
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ type: '/problems/service-unavailable' });
      expect((await scanTable(t, 'audit')).filter((e) => e.requestId === requestId)).toEqual([]);
    }
  });

  it('still answers 401 to a caller without a token, with a challenge that names no error', async () => {
    const response = await appWithKeysFrom(failingUrl).request('/v1/cases');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="rueckkehr-exchange"');
  });
});
