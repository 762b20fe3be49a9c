import type { Centre } from '../../functions/core/centres.ts';

/** One item a centre leased, in the order the centres saw them (`seq`), array order within a lease. */
export interface LeasedRecord {
  seq: number;
  centre: Centre;
  workId: string;
  type: string;
  subjectId: string;
}

/** A case the API accepted (answered 201) and what its client asked for afterwards. */
export interface AcceptedCase {
  id: string;
  centre: Centre;
  municipality: string;
  withdrawn: boolean;
}

/**
 * The history of a run: every answer status, every accepted case, every leased item. `violations`
 * checks the promises of issue 12 against it and the store's contents; an empty list means they hold.
 */
export class History {
  readonly statuses: number[] = [];
  readonly accepted = new Map<string, AcceptedCase>();
  readonly leased: LeasedRecord[] = [];
  #seq = 0;

  answer(status: number): void {
    this.statuses.push(status);
  }

  lease(centre: Centre, items: { workId: string; type: string; subject: { id: string } }[]): void {
    for (const item of items)
      this.leased.push({ seq: this.#seq++, centre, workId: item.workId, type: item.type, subjectId: item.subject.id });
  }

  /** Each accepted case whose work items (its submission, and its withdrawal where there was one) have not reached a centre yet. */
  missing(): string[] {
    return [...this.accepted.values()]
      .filter((c) => !this.#delivered(c, 'submitted') || (c.withdrawn && !this.#delivered(c, 'withdrawn')))
      .map((c) => c.id);
  }

  #delivered(c: AcceptedCase, what: 'submitted' | 'withdrawn') {
    return this.leased.some((l) => l.subjectId === c.id && l.type === `case.${what}`);
  }

  /**
   * Every 201 delivered to exactly its centre (deduplicated by workId) and none lost; no work item
   * twice under two workIds; the items of a case in the order they happened; no 500; the store holds
   * each accepted case once and nothing else (`storedIds`).
   */
  violations(storedIds: string[]): string[] {
    const problems: string[] = [];
    const fiveHundreds = this.statuses.filter((s) => s === 500).length;
    if (fiveHundreds > 0) problems.push(`${fiveHundreds} answers were 500`);
    for (const l of this.leased) {
      const c = this.accepted.get(l.subjectId);
      if (!c) problems.push(`work ${l.workId} of an unknown subject ${l.subjectId}`);
      else if (c.centre !== l.centre) problems.push(`work ${l.workId} of ${c.id} went to ${l.centre}, not ${c.centre}`);
    }
    for (const c of this.accepted.values()) {
      const mine = this.leased.filter((l) => l.subjectId === c.id);
      for (const type of ['case.submitted', 'case.withdrawn']) {
        const workIds = new Set(mine.filter((l) => l.type === type).map((l) => l.workId));
        const expected = type === 'case.submitted' || c.withdrawn ? 1 : 0;
        if (workIds.size !== expected) problems.push(`${c.id}: ${workIds.size} distinct ${type} work items, expected ${expected}`);
      }
      const firstSubmitted = mine.find((l) => l.type === 'case.submitted')?.seq ?? -1;
      const firstWithdrawn = mine.find((l) => l.type === 'case.withdrawn')?.seq;
      if (firstWithdrawn !== undefined && firstWithdrawn < firstSubmitted) problems.push(`${c.id}: withdrawn handed out before submitted`);
    }
    const stored = new Set(storedIds);
    if (stored.size !== storedIds.length) problems.push('a case is stored twice');
    for (const id of this.accepted.keys()) if (!stored.has(id)) problems.push(`accepted case ${id} is not in the store`);
    for (const id of stored) if (!this.accepted.has(id)) problems.push(`stored case ${id} was never answered 201`);
    return problems;
  }
}
