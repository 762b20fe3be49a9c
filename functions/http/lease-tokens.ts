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
  readonly #openKeys: readonly Record<Centre, Uint8Array>[];

  /**
   * `keys`: one 32-byte key per centre, sealing new tokens. `previousKeys`: the key ring's older (and
   * staged) keys, which still open tokens, so a lease taken before a key rotation can still be settled.
   * Throws when a key is missing or of another length.
   */
  constructor(keys: Record<Centre, Uint8Array>, previousKeys: readonly Record<Centre, Uint8Array>[] = []) {
    for (const ring of [keys, ...previousKeys]) {
      for (const centre of CENTRES) {
        if (ring[centre]?.length !== 32) throw new Error(`The lease-token key of ${centre} must be 32 bytes`);
      }
    }
    this.#keys = keys;
    this.#openKeys = [keys, ...previousKeys];
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
    for (const keys of this.#openKeys) {
      const claims = await this.#openWith(token, centre, keys[centre]);
      if (claims) return claims;
    }
    return undefined;
  }

  async #openWith(token: string, centre: Centre, key: Uint8Array): Promise<LeaseClaims | undefined> {
    try {
      const { plaintext } = await compactDecrypt(token, key, {
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
