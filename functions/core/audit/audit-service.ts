import type { Principal } from '../participants.ts';
import type { AuditFilter, AuditReader, Checkpoint, CheckpointVerifier } from '../ports/audit-chain.ts';
import type { ExchangeLog } from '../ports/exchange-log.ts';
import { ChainVerifier, type VerifyResult } from './chain-verifier.ts';
import type { ChainedEntry } from './chained-entry.ts';

export interface AuditServiceDeps {
  reader: AuditReader;
  verifier: CheckpointVerifier;
  exchangeLog: ExchangeLog;
  now: () => Date;
  newId: () => string;
}

/** The answer of a verification: the chain's state and the latest signed checkpoint, to keep elsewhere. */
export interface Verification extends VerifyResult {
  latestCheckpoint: Pick<Checkpoint, 'seq' | 'at' | 'jws'> | null;
}

/** Entries read per page while verifying (DynamoDB answers at most 1 MB per query anyway). */
const VERIFY_PAGE = 1000;

/**
 * The administrators' view of the exchange log: search and page it, verify the chain against its
 * signed checkpoints, export a time range. Only chained entries are shown: an entry appears once
 * the sequencer has given it its number (within one background pass).
 */
export class AuditService {
  readonly #deps: AuditServiceDeps;

  constructor(deps: AuditServiceDeps) {
    this.#deps = deps;
  }

  /** A page of entries matching every given filter, newest first. */
  search(filter: AuditFilter, limit: number, after?: unknown): Promise<{ entries: ChainedEntry[]; after?: unknown }> {
    return this.#deps.reader.search(filter, limit, after);
  }

  /**
   * Walks the whole chain from entry 1: every entry's hash, its link to the predecessor, the gap-free
   * numbering, the head, and every stored checkpoint's signature and hash. Reading stops at the first
   * break, which it names.
   */
  async verify(): Promise<Verification> {
    const { reader, verifier } = this.#deps;
    const [head, stored] = await Promise.all([reader.head(), reader.checkpoints()]);
    const trusted: { seq: number; hash: string }[] = [];
    const forged: number[] = [];
    let latest: Checkpoint | undefined;
    for (const checkpoint of stored) {
      const claims = await verifier.verify(checkpoint.jws).catch(() => undefined);
      // The stored attributes must say what the signature says, or the item was rewritten.
      if (!claims || claims.seq !== checkpoint.seq || claims.hash !== checkpoint.hash) {
        forged.push(checkpoint.seq);
        continue;
      }
      trusted.push(claims);
      if (!latest || claims.seq > latest.seq) latest = checkpoint;
    }
    const chain = new ChainVerifier(trusted);
    for (const seq of forged) chain.invalidCheckpoint(seq);
    let after = 0;
    for (;;) {
      const page = await reader.chainAfter(after, VERIFY_PAGE);
      if (!page.every((entry) => chain.next(entry))) break;
      if (page.length < VERIFY_PAGE) break;
      after = page.at(-1)?.seq ?? after;
    }
    return { ...chain.finish(head), latestCheckpoint: latest ? { seq: latest.seq, at: latest.at, jws: latest.jws } : null };
  }

  /**
   * The entries of `from <= at < to`, oldest first, as pages for a stream. The export itself is an
   * exchange (log data leaves the system) and is logged before the first entry goes out.
   */
  async *export(principal: Principal, range: { from: string; to: string }, requestId: string): AsyncIterable<ChainedEntry[]> {
    await this.#deps.exchangeLog.append({
      id: this.#deps.newId(),
      at: this.#deps.now().toISOString(),
      requestId,
      actor: principal,
      action: 'audit.export',
      outcome: 'success',
      details: { from: range.from, to: range.to },
    });
    yield* this.#deps.reader.range(range.from, range.to);
  }
}
