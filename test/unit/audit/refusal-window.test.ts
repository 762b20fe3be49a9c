import { describe, expect, it } from 'vitest';
import { closedBefore, refusalKeyText, windowStart } from '../../../functions/core/audit/refusal-window.ts';

describe('refusal windows', () => {
  it('puts a refusal into the minute it happened in', () => {
    expect(windowStart('2026-11-20T10:00:59.999Z')).toBe('2026-11-20T10:00:00.000Z');
    expect(windowStart('2026-11-20T10:01:00.000Z')).toBe('2026-11-20T10:01:00.000Z');
  });

  it('closes a window only after a grace period past its end', () => {
    expect(closedBefore(new Date('2026-11-20T10:01:04.000Z'))).toBe('2026-11-20T10:00:00.000Z');
    expect(closedBefore(new Date('2026-11-20T10:01:05.000Z'))).toBe('2026-11-20T10:01:00.000Z');
  });

  it('counts an anonymous caller\u2019s refusals together whatever id the path names, a client\u2019s per subject', () => {
    const refusal = (id: string) => ({ action: 'cases.read', reason: 'invalid_token', subject: { type: 'case', id } });
    const address = { address: '203.0.113.7' };
    expect(refusalKeyText(refusal('a'), address)).toBe(refusalKeyText(refusal('b'), address));
    expect(refusalKeyText(refusal('a'), address)).not.toBe(refusalKeyText(refusal('a'), { address: '203.0.113.8' }));
    const client = { clientId: 'abh-03404' };
    expect(refusalKeyText(refusal('a'), client)).not.toBe(refusalKeyText(refusal('b'), client));
    expect(refusalKeyText(refusal('a'), client)).not.toBe(refusalKeyText({ ...refusal('a'), reason: 'other_tenant' }, client));
  });
});
