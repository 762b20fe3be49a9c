import { CompactEncrypt, compactDecrypt } from 'jose';
import { WorkMessageSchema } from '../../schemas/work-message.ts';
import { CENTRES, type Centre } from '../core/centres.ts';
import type { LeaseClaims, LeaseTokens } from '../core/ports/lease-tokens.ts';

/**
 * Lease tokens as JWE compact serialisations (dir, A256GCM; RFC 7516) under a key per centre. The
 * authenticated encryption makes them tamper-proof and unreadable, and a token sealed for one centre
 * does not even open with the other's key.
 */
export class JweLeaseTokens implements LeaseTokens {
  readonly #keys: Record<Centre, Uint8Array>;

  /** `keys`: one 32-byte key per centre. Throws when one is missing or of another length. */
  constructor(keys: Record<Centre, Uint8Array>) {
    for (const centre of CENTRES) {
      if (keys[centre]?.length !== 32) throw new Error(`The lease-token key of ${centre} must be 32 bytes`);
    }
    this.#keys = keys;
  }

  async seal(claims: LeaseClaims): Promise<string> {
    const payload = new TextEncoder().encode(
      JSON.stringify({
        c: claims.centre,
        w: claims.workId,
        t: claims.type,
        j: claims.subject,
        l: claims.leaseId,
        r: claims.receipt,
        s: claims.startedAt,
      }),
    );
    return new CompactEncrypt(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(this.#keys[claims.centre]);
  }

  async open(token: string, centre: Centre): Promise<LeaseClaims | undefined> {
    try {
      const { plaintext } = await compactDecrypt(token, this.#keys[centre], {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      const c = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>;
      const work = WorkMessageSchema.pick({ workId: true, type: true, subject: true }).safeParse({ workId: c.w, type: c.t, subject: c.j });
      if (c.c !== centre || !work.success || typeof c.l !== 'string' || typeof c.r !== 'string' || typeof c.s !== 'string')
        return undefined;
      return { centre, ...work.data, leaseId: c.l, receipt: c.r, startedAt: c.s };
    } catch {
      return undefined;
    }
  }
}
