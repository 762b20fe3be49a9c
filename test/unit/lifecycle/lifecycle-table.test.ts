import { describe, expect, it } from 'vitest';
import {
  InvalidTransitionError,
  isAllowed,
  LIFECYCLE_TABLE,
  type LifecycleChange,
  nextStatus,
} from '../../../functions/core/lifecycle/lifecycle-table.ts';
import { permissions } from '../../../functions/core/permissions.ts';
import { STATUSES, type Status } from '../../../schemas/requests.ts';

/** CONTRACT.md's lifecycle table, written out pair by pair: `change: from -> to`. */
const WORKING = ['delivered', 'in_counselling', 'appointment_scheduled'] as const;
const REPORTABLE = ['in_counselling', 'appointment_scheduled', 'completed', 'departed', 'closed_without_return'] as const;
const NON_FINAL = ['queued', 'delivered', 'in_counselling', 'appointment_scheduled'] as const;
const expected = new Set([
  'deliver: queued -> delivered',
  ...WORKING.flatMap((from) => REPORTABLE.map((to) => `status: ${from} -> ${to}`)),
  ...WORKING.map((from) => `transfer: ${from} -> queued`),
  ...NON_FINAL.map((from) => `withdraw: ${from} -> withdrawn`),
]);

const CHANGES: LifecycleChange[] = ['deliver', 'status', 'transfer', 'withdraw'];
const everyPair = CHANGES.flatMap((change) =>
  STATUSES.flatMap((from) => STATUSES.map((to) => ({ change, from, to, name: `${change}: ${from} -> ${to}` }))),
);

describe('lifecycle table', () => {
  it('allows exactly the changes of the contract, for every change, from and to status', () => {
    const allowed = everyPair.filter(({ change, from, to }) => isAllowed(change, from, to)).map((p) => p.name);
    expect(new Set(allowed)).toEqual(expected);
    expect(allowed).toHaveLength(expected.size);
  });

  it.each(everyPair.filter((p) => !expected.has(p.name)))('refuses $name with invalid-transition', ({ change, from, to }) => {
    const attempt = () => nextStatus(change, from, to);
    expect(attempt).toThrow(InvalidTransitionError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid-transition', from, to });
    }
  });

  it.each(everyPair.filter((p) => expected.has(p.name)))('moves $name', ({ change, from, to }) => {
    expect(nextStatus(change, from, to)).toBe(to);
  });

  it('knows the single target of delivery, transfer and withdrawal without being told', () => {
    expect(nextStatus('deliver', 'queued')).toBe('delivered');
    expect(nextStatus('transfer', 'in_counselling')).toBe('queued');
    expect(nextStatus('withdraw', 'appointment_scheduled')).toBe('withdrawn');
  });

  it('ends every change at a final status: nothing leaves completed, departed, closed_without_return or withdrawn', () => {
    const finals: Status[] = ['completed', 'departed', 'closed_without_return', 'withdrawn'];
    for (const from of finals) {
      for (const change of CHANGES)
        for (const to of STATUSES) expect(isAllowed(change, from, to), `${change} ${from} -> ${to}`).toBe(false);
    }
  });

  it('lets exactly the role of each row call the operation that makes its change', () => {
    const operation: Record<LifecycleChange, string[]> = {
      deliver: ['work.ack'],
      status: ['cases.status', 'consultations.status'],
      transfer: ['cases.transfer', 'consultations.transfer'],
      withdraw: ['cases.withdraw', 'consultations.withdraw'],
    };
    for (const rule of LIFECYCLE_TABLE) {
      for (const name of operation[rule.change]) {
        expect(permissions.find((p) => p.operation === name)?.roles, name).toEqual([rule.by]);
      }
    }
  });

  it('names the status in the refusal of a withdrawal, without any personal data', () => {
    expect(() => nextStatus('withdraw', 'completed')).toThrow('A request in status completed cannot be withdrawn');
  });
});
