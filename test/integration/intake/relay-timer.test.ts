import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundPass } from '../../../functions/entry/compose.ts';
import { startRelay } from '../../../functions/entry/local/relay-timer.ts';
import { waitFor } from '../../support/local-stack-process.ts';
import { created, drainQueue, minimalCase, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('the local relay timer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('delivers what a failed direct send left behind, without anyone calling it', async () => {
    const outage = { down: true };
    t.runtime.clients.sqs.middlewareStack.add(
      (next, context) => async (args) => {
        if (outage.down && context.commandName === 'SendMessageCommand')
          throw Object.assign(new Error('injected'), { name: 'ServiceUnavailable' });
        return next(args);
      },
      { step: 'initialize', name: 'relayTimerOutage' },
    );
    const resource = await created(t, 'abh-03404', '/v1/cases', minimalCase());
    outage.down = false;
    const relay = startRelay(() => backgroundPass(t.services), 100, t.runtime.logger);
    try {
      const delivered = await waitFor(
        async () => {
          const messages = await drainQueue(t, 'osnabrueck');
          return messages.length > 0 ? messages : undefined;
        },
        10_000,
        'the relay to deliver',
      );
      expect(delivered.map((m) => m.subject.id)).toEqual([resource.id]);
      expect((await scanTable(t, 'data')).filter((i) => String(i.sk).startsWith('OUTBOX#'))).toEqual([]);
    } finally {
      await relay.stop();
    }
  });
});
