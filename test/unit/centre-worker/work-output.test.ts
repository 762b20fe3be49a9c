import { describe, expect, it } from 'vitest';
import type { WorkItem } from '../../../tools/centre-worker/work-api.ts';
import { emptyStats, formatItem, formatProgress, formatSettleFailure } from '../../../tools/centre-worker/work-output.ts';

const item: WorkItem = {
  workId: 'w-5f0c',
  leaseToken: 'secret-lease-token',
  leaseExpiresAt: '2026-11-29T08:00:00Z',
  deliveryCount: 1,
  type: 'case.submitted',
  subject: { type: 'case', id: 'c-0b6f' },
  resource: {
    id: 'c-0b6f',
    municipalReference: 'ABH-2026-0001',
    person: { familyName: 'Beispiel', givenNames: 'Amal', dateOfBirth: '1990-04-12' },
  },
};

describe('formatItem', () => {
  it('prints the type, subject, workId and delivery count, and nothing of the resource', () => {
    const line = formatItem(item, { showPersonalData: false });
    expect(line).toBe('received  case.submitted  case c-0b6f  work w-5f0c  delivery 1');
    expect(line).not.toMatch(/Beispiel|Amal|1990|ABH-2026|secret-lease-token/);
  });

  it('prints the resource below the line only with showPersonalData', () => {
    const text = formatItem(item, { showPersonalData: true });
    expect(text.split('\n')[0]).toBe('received  case.submitted  case c-0b6f  work w-5f0c  delivery 1');
    expect(text).toContain('"familyName": "Beispiel"');
    expect(text).not.toContain('secret-lease-token');
  });

  it('marks a redelivery as a duplicate, without the resource even with showPersonalData', () => {
    const text = formatItem({ ...item, deliveryCount: 2 }, { showPersonalData: true, duplicate: true });
    expect(text).toBe(
      'duplicate  case.submitted  case c-0b6f  work w-5f0c  delivery 2  (already processed: acked again, not processed again)',
    );
  });

  it('lets no terminal control sequence through', () => {
    const hostile = { ...item, workId: 'w\u001b[2J\u001b]0;pwned\u0007', subject: { type: 'case' as const, id: 'c\r\nfake line' } };
    const line = formatItem(hostile, { showPersonalData: false });
    expect(line).toBe('received  case.submitted  case c??fake line  work w?[2J?]0;pwned?  delivery 1');
  });
});

describe('formatProgress', () => {
  it('sums up the run on one line', () => {
    expect(formatProgress({ ...emptyStats(), leased: 12, processed: 10, duplicates: 2, acked: 12 })).toBe(
      'progress: 12 leased, 10 processed, 2 duplicates, 12 acked, 0 ack failed, 0 released',
    );
  });
});

describe('formatSettleFailure', () => {
  it('names the work item of a failed lease token, never the token', () => {
    const line = formatSettleFailure('ack', { status: 409, title: 'The lease has expired or was already settled' }, item);
    expect(line).toBe(
      'ack failed for work w-5f0c (case c-0b6f): 409 The lease has expired or was already settled; it will be delivered again',
    );
  });
});
