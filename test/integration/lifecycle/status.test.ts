import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../functions/core/ports/logger.ts';
import { STATUSES, type Status } from '../../../schemas/requests.ts';
import { deliver, postChange, readFeed, setStatus } from '../../support/lifecycle.ts';
import { created, type Json, minimalCase, minimalConsultation, scanTable, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

const DAY_MS = 24 * 3600 * 1000;
const WORKING = ['delivered', 'in_counselling', 'appointment_scheduled'] as const;
const REPORTABLE = ['in_counselling', 'appointment_scheduled', 'completed', 'departed', 'closed_without_return'] as const;
const APPOINTMENT = '2026-12-03T09:30:00.000Z';

/** The body that asks for a status: an appointment needs its time. */
const bodyFor = (status: Status) => (status === 'appointment_scheduled' ? { status, appointmentAt: APPOINTMENT } : { status });

describe('centre status reports', () => {
  const lines: string[] = [];
  const record = (message: string, extra?: Record<string, unknown>) => lines.push(JSON.stringify({ message, ...extra }));
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logger, retention: { afterIntakeDays: 365, afterFinalDays: 30 } });
  });
  afterAll(() => t.close());

  /** A Braunschweig case (Stadt Braunschweig, 03101) brought into a status the way the contract moves it. */
  async function caseIn(status: Status, body = minimalCase()): Promise<Json> {
    const resource = await created(t, 'abh-03101', '/v1/cases', body);
    if (status === 'queued') return resource;
    if (status === 'withdrawn') {
      await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', { reason: 'Aufenthaltserlaubnis erteilt' });
      return resource;
    }
    await deliver(t, resource.id);
    if (status !== 'delivered') await setStatus(t, 'centre-braunschweig', 'case', resource.id, bodyFor(status));
    return resource;
  }

  const statusOf = async (id: string) => ((await (await t.call('abh-03101', `/v1/cases/${id}`)).json()) as Json).status;

  it.each(WORKING.flatMap((from) => REPORTABLE.map((to) => ({ from, to }))))(
    'moves a case from $from to $to for the assigned centre',
    async ({ from, to }) => {
      const resource = await caseIn(from);
      const response = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', bodyFor(to));
      expect(response.status).toBe(200);
      const changed = (await response.json()) as Json;
      expect(changed).toMatchObject({ id: resource.id, status: to, centre: 'braunschweig', person: { familyName: 'Beispiel' } });
      expect(changed.appointmentAt).toBe(to === 'appointment_scheduled' ? APPOINTMENT : undefined);
      expect(await statusOf(resource.id)).toBe(to);
    },
  );

  const reachable: Status[] = [...STATUSES];
  it.each(reachable)('refuses every status the table does not allow from %s with 409 and changes nothing', async (from) => {
    const resource = await caseIn(from);
    const refused = STATUSES.filter(
      (to) => !((WORKING as readonly Status[]).includes(from) && (REPORTABLE as readonly Status[]).includes(to)),
    );
    for (const to of refused) {
      const response = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', bodyFor(to));
      expect(response.status, `${from} -> ${to}`).toBe(409);
      expect(await response.json()).toMatchObject({ type: '/problems/invalid-transition', status: 409 });
    }
    expect(await statusOf(resource.id)).toBe(from);
  });

  it('applies concurrent reports on one case one after the other: the loser reads again and re-decides', async () => {
    const resource = await caseIn('delivered');
    const reports = await Promise.all(
      (['in_counselling', 'appointment_scheduled'] as const).map((status) =>
        postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', bodyFor(status)),
      ),
    );
    expect(reports.map((r) => r.status)).toEqual([200, 200]);
    const versions = (await scanTable(t, 'data')).filter((i) => i.pk === `REQ#${resource.id}` && String(i.sk).startsWith('TRANSITION#'));
    expect(versions.map((i) => i.to).sort()).toEqual(['appointment_scheduled', 'delivered', 'in_counselling']);
  });

  it('lets exactly one of a concurrent withdrawal and a final report win; the other is a 409', async () => {
    const resource = await caseIn('in_counselling');
    const [withdrawal, report] = await Promise.all([
      postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', { reason: 'Ausgereist' }),
      postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', { status: 'completed' }),
    ]);
    expect([withdrawal.status, report.status].sort()).toEqual([200, 409]);
    const winner = withdrawal.status === 200 ? 'withdrawn' : 'completed';
    expect(await statusOf(resource.id)).toBe(winner);
    const finals = (await readFeed(t, 'abh-03101')).events.filter(
      (e) => e.subject.id === resource.id && ['withdrawn', 'completed'].includes(e.status),
    );
    expect(finals.map((e) => e.status)).toEqual([winner]);
  });

  it('stores each transition with its actor and time, in the order of the changes', async () => {
    const resource = await caseIn('in_counselling');
    await setStatus(t, 'centre-braunschweig', 'case', resource.id, { status: 'completed' });
    const transitions = (await scanTable(t, 'data'))
      .filter((i) => i.pk === `REQ#${resource.id}` && String(i.sk).startsWith('TRANSITION#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    expect(transitions.map((i) => [i.version, i.change, i.from, i.to])).toEqual([
      [2, 'deliver', 'queued', 'delivered'],
      [3, 'status', 'delivered', 'in_counselling'],
      [4, 'status', 'in_counselling', 'completed'],
    ]);
    for (const transition of transitions) {
      expect(transition.actor).toEqual({ clientId: 'centre-braunschweig', role: 'centre', organisation: 'braunschweig' });
      expect(Date.now() - Date.parse(String(transition.at))).toBeLessThan(60_000);
    }
  });

  it.each(['completed', 'departed', 'closed_without_return'] as const)(
    'frees the file number on the final status %s, so the authority can hand it over again',
    async (status) => {
      const body = minimalCase();
      const first = await caseIn('in_counselling', body);
      expect((await submit(t, 'abh-03101', '/v1/cases', body)).status).toBe(409);
      await setStatus(t, 'centre-braunschweig', 'case', first.id, { status });
      expect((await submit(t, 'abh-03101', '/v1/cases', body)).status).toBe(201);
    },
  );

  it('frees the file number on a withdrawal too', async () => {
    const body = minimalCase();
    await caseIn('withdrawn', body);
    expect((await submit(t, 'abh-03101', '/v1/cases', body)).status).toBe(201);
  });

  it('shortens the retention of the personal data once final: the earlier of intake + 365 days and now + 30 days', async () => {
    const resource = await caseIn('delivered');
    const done = await setStatus(t, 'centre-braunschweig', 'case', resource.id, { status: 'departed' });
    const expires = Date.parse(String(done.personalDataExpiresAt));
    expect(Math.abs(expires - (Date.parse(String(done.updatedAt)) + 30 * DAY_MS))).toBeLessThan(1000);
    const personal = (await scanTable(t, 'data')).find((i) => i.pk === `REQ#${resource.id}` && i.sk === 'PERSONAL');
    expect(personal?.expiresAt).toBe(Math.floor(expires / 1000));
  });

  it('needs appointmentAt with appointment_scheduled and refuses it with any other status (422)', async () => {
    const resource = await caseIn('delivered');
    const without = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', { status: 'appointment_scheduled' });
    expect(without.status).toBe(422);
    expect(await without.json()).toMatchObject({ errors: [{ path: 'appointmentAt' }] });
    const misplaced = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', {
      status: 'in_counselling',
      appointmentAt: APPOINTMENT,
    });
    expect(misplaced.status).toBe(422);
    expect(await statusOf(resource.id)).toBe('delivered');
  });

  it('answers an appointment with an offset in UTC, and drops it with the next status', async () => {
    const resource = await caseIn('delivered');
    const scheduled = await setStatus(t, 'centre-braunschweig', 'case', resource.id, {
      status: 'appointment_scheduled',
      appointmentAt: '2026-12-03T10:30:00+01:00',
    });
    expect(scheduled.appointmentAt).toBe(APPOINTMENT);
    const counselling = await setStatus(t, 'centre-braunschweig', 'case', resource.id, { status: 'in_counselling' });
    expect(counselling.appointmentAt).toBeUndefined();
  });

  it('refuses an unknown status (422) and a body with unknown fields (422)', async () => {
    const resource = await caseIn('delivered');
    expect((await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', { status: 'archived' })).status).toBe(422);
    expect(
      (await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', { status: 'in_counselling', colour: 'red' })).status,
    ).toBe(422);
  });

  it('keeps the note with the personal data: shown to owner and centre, never in the skeleton, the log, the feed or log lines', async () => {
    const note = 'Herr Beispiel bringt seinen Reisepass mit';
    const resource = await caseIn('delivered');
    const changed = await setStatus(t, 'centre-braunschweig', 'case', resource.id, { status: 'in_counselling', note });
    expect(changed.centreNotes).toEqual([{ at: changed.updatedAt, centre: 'braunschweig', status: 'in_counselling', text: note }]);
    const read = (await (await t.call('abh-03101', `/v1/cases/${resource.id}`)).json()) as Json;
    expect(read.centreNotes).toEqual(changed.centreNotes);
    const items = (await scanTable(t, 'data')).filter((i) => i.pk === `REQ#${resource.id}` || String(i.pk).startsWith('FEED#'));
    expect(items.filter((i) => JSON.stringify(i).includes(note)).map((i) => i.sk)).toEqual(['PERSONAL']);
    expect(JSON.stringify(await scanTable(t, 'audit'))).not.toContain('Reisepass');
    expect(JSON.stringify((await readFeed(t, 'abh-03101')).events)).not.toContain('Reisepass');
    expect(lines.join('\n')).not.toContain('Reisepass');
  });

  it('erases the notes with the personal data when consent is revoked', async () => {
    const resource = await caseIn('delivered');
    await setStatus(t, 'centre-braunschweig', 'case', resource.id, { status: 'in_counselling', note: 'Rückruf vereinbart' });
    const withdrawn = await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', { reason: 'Widerruf', consentRevoked: true });
    expect(await withdrawn.json()).toMatchObject({ status: 'withdrawn', personalData: 'erased' });
    expect(JSON.stringify(await scanTable(t, 'data'))).not.toContain('Rückruf vereinbart');
  });

  it('lets no municipality report a status (403) and no other centre (404), and leaves the case as it was', async () => {
    const resource = await caseIn('delivered');
    expect((await postChange(t, 'abh-03101', 'case', resource.id, 'status', { status: 'completed' })).status).toBe(403);
    expect((await postChange(t, 'centre-osnabrueck', 'case', resource.id, 'status', { status: 'completed' })).status).toBe(404);
    expect(await statusOf(resource.id)).toBe('delivered');
  });

  it('moves consultation requests through the same table', async () => {
    const resource = await created(t, 'abh-03101', '/v1/consultations', minimalConsultation());
    const early = await postChange(t, 'centre-braunschweig', 'consultation', resource.id, 'status', { status: 'in_counselling' });
    expect(early.status).toBe(409);
    await deliver(t, resource.id);
    for (const status of ['in_counselling', 'closed_without_return'] as const) {
      expect(await setStatus(t, 'centre-braunschweig', 'consultation', resource.id, { status })).toMatchObject({ status });
    }
    const after = await postChange(t, 'centre-braunschweig', 'consultation', resource.id, 'status', { status: 'in_counselling' });
    expect(after.status).toBe(409);
  });
});
