import { describe, expect, it } from 'vitest';
import { MAX_CENTRE_NOTES, type PlanContext, planChange } from '../../../functions/core/lifecycle/plan-change.ts';
import type { Principal } from '../../../functions/core/participants.ts';
import type { RequestMeta, StoredRequest } from '../../../functions/core/requests/request.ts';
import type { Status } from '../../../schemas/requests.ts';

const DAY_MS = 24 * 3600 * 1000;
const centre: Principal = { clientId: 'centre-braunschweig', role: 'centre', organisation: 'braunschweig' };
const now = new Date('2026-12-01T10:00:00.000Z');

function stored(status: Status, overrides: Partial<RequestMeta> = {}): StoredRequest {
  return {
    meta: {
      kind: 'case',
      id: 'case-1',
      status,
      municipality: '03101',
      centre: 'braunschweig',
      routing: { centre: 'braunschweig', rule: 'authority-default', policyVersion: 'v1' },
      municipalReference: 'ABH-1',
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
      personalDataExpiresAt: new Date(Date.parse('2026-11-01T10:00:00.000Z') + 365 * DAY_MS).toISOString(),
      personalDataErased: false,
      version: 3,
      ...overrides,
    },
    submission: { person: { familyName: 'Beispiel' } },
  };
}

function context(): PlanContext {
  let n = 0;
  return { actor: centre, requestId: 'req-1', now, newId: () => `id-${++n}`, retention: { afterIntakeDays: 365, afterFinalDays: 30 } };
}

describe('planning a change', () => {
  it.each(['completed', 'departed', 'closed_without_return'] as const)(
    'frees the file number and shortens the retention on the final status %s',
    (status) => {
      const { plan } = planChange(stored('in_counselling'), { change: 'status', status }, context());
      expect(plan).toMatchObject({ releaseReference: true, personalData: 'expire' });
      expect(plan.after.personalDataExpiresAt).toBe(new Date(now.getTime() + 30 * DAY_MS).toISOString());
    },
  );

  it('keeps the file number and the retention while the request is open', () => {
    const before = stored('delivered');
    const { plan } = planChange(before, { change: 'status', status: 'in_counselling' }, context());
    expect(plan).toMatchObject({ releaseReference: false, personalData: 'keep' });
    expect(plan.after.personalDataExpiresAt).toBe(before.meta.personalDataExpiresAt);
  });

  it('frees no file number for a consultation request, which reserves none', () => {
    const { plan } = planChange(stored('delivered', { kind: 'consultation' }), { change: 'status', status: 'completed' }, context());
    expect(plan.releaseReference).toBe(false);
  });

  it('records the transition with actor, time and versions, and a feed event without the note', () => {
    const request = {
      change: 'status',
      status: 'appointment_scheduled',
      appointmentAt: '2026-12-03T09:30:00.000Z',
      note: 'Dolmetscher Arabisch',
    } as const;
    const { plan } = planChange(stored('delivered'), request, context());
    expect(plan.transition).toEqual({
      version: 4,
      change: 'status',
      from: 'delivered',
      to: 'appointment_scheduled',
      centre: 'braunschweig',
      actor: centre,
      at: now.toISOString(),
      requestId: 'req-1',
    });
    expect(plan.event).toMatchObject({
      type: 'case.status_changed',
      status: 'appointment_scheduled',
      appointmentAt: request.appointmentAt,
    });
    expect(plan.after).toMatchObject({ version: 4, status: 'appointment_scheduled', appointmentAt: request.appointmentAt });
    expect(plan.note).toEqual({ at: now.toISOString(), centre: 'braunschweig', status: 'appointment_scheduled', text: request.note });
    expect(JSON.stringify([plan.after, plan.transition, plan.event, plan.log])).not.toContain('Dolmetscher');
  });

  it('drops the appointment with the next status', () => {
    const { plan } = planChange(
      stored('appointment_scheduled', { appointmentAt: '2026-12-03T09:30:00.000Z' }),
      { change: 'status', status: 'in_counselling' },
      context(),
    );
    expect(plan.after.appointmentAt).toBeUndefined();
    expect(plan.event.appointmentAt).toBeUndefined();
  });

  it('sends a transfer to the new centre: its work item, its delivery, and no personal data in the answer', () => {
    const { plan, resource } = planChange(
      stored('in_counselling'),
      { change: 'transfer', centre: 'osnabrueck', reason: 'Umzug' },
      context(),
    );
    expect(plan.after).toMatchObject({ status: 'queued', centre: 'osnabrueck', deliveryWorkId: plan.outbox?.workId });
    expect(plan.outbox).toMatchObject({ type: 'case.transferred', centre: 'osnabrueck', subject: { type: 'case', id: 'case-1' } });
    expect(plan.event).toMatchObject({ type: 'case.transferred', status: 'queued', centre: 'osnabrueck' });
    expect(plan.transition).toMatchObject({ previousCentre: 'braunschweig', centre: 'osnabrueck' });
    expect(plan.note).toMatchObject({ centre: 'braunschweig', transferredTo: 'osnabrueck', text: 'Umzug' });
    expect(resource).toMatchObject({ personalData: 'withheld', centre: 'osnabrueck' });
    expect(resource.person).toBeUndefined();
  });

  it('refuses a transfer to the centre the request is already assigned to', () => {
    expect(() => planChange(stored('delivered'), { change: 'transfer', centre: 'braunschweig', reason: 'x' }, context())).toThrow(
      expect.objectContaining({ kind: 'invalid-transition' }),
    );
  });

  it('erases the personal data on a withdrawal with revoked consent, and sends the centre a withdrawal', () => {
    const { plan, resource } = planChange(stored('queued'), { change: 'withdraw', reason: 'Widerruf', consentRevoked: true }, context());
    expect(plan).toMatchObject({
      personalData: 'erase',
      releaseReference: true,
      outbox: { type: 'case.withdrawn', centre: 'braunschweig' },
    });
    expect(plan.after).toMatchObject({ personalDataErased: true, personalDataExpiresAt: now.toISOString() });
    expect(resource).toMatchObject({ personalData: 'erased' });
  });

  it('keeps no note when the personal data is already gone', () => {
    const { submission: _gone, ...expired } = stored('delivered');
    const { plan } = planChange(expired, { change: 'status', status: 'in_counselling', note: 'Termin' }, context());
    expect(plan.note).toBeUndefined();
  });

  it('refuses a note beyond the limit of centre notes, so the personal data item stays within its size', () => {
    const full = {
      ...stored('delivered'),
      centreNotes: Array.from({ length: MAX_CENTRE_NOTES }, () => ({
        at: '',
        centre: 'braunschweig' as const,
        status: 'in_counselling' as const,
        text: 'x',
      })),
    };
    expect(() => planChange(full, { change: 'status', status: 'in_counselling', note: 'one more' }, context())).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
    expect(planChange(full, { change: 'status', status: 'in_counselling' }, context()).plan.note).toBeUndefined();
  });

  it('logs codes and ids only: the change, from and to', () => {
    const { plan } = planChange(
      stored('delivered'),
      { change: 'transfer', centre: 'osnabrueck', reason: 'Umzug nach Osnabrück' },
      context(),
    );
    expect(plan.log).toEqual([
      expect.objectContaining({
        action: 'cases.transfer',
        subject: { type: 'case', id: 'case-1' },
        outcome: 'success',
        actor: centre,
        details: { from: 'delivered', to: 'queued', fromCentre: 'braunschweig', toCentre: 'osnabrueck' },
      }),
    ]);
    expect(JSON.stringify(plan.log)).not.toContain('Umzug');
  });
});
