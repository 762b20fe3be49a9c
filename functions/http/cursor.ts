import { CompactEncrypt, compactDecrypt } from 'jose';
import { AppError } from '../core/errors.ts';

/**
 * Paging cursors: the store's position, sealed (AES-256-GCM, a server key) together with the caller and
 * the query, so a cursor can be neither read, forged, nor replayed by another client or on another query.
 */
export class CursorSealer {
  readonly #key: Uint8Array;
  readonly #openKeys: readonly Uint8Array[];

  /**
   * `key` seals; `previousKeys` (the key ring's older and staged keys) still open, so cursors handed
   * out before a key rotation keep working. Every key is 32 bytes, else this throws.
   */
  constructor(key: Uint8Array, previousKeys: readonly Uint8Array[] = []) {
    if ([key, ...previousKeys].some((k) => k.length !== 32)) throw new Error('The cursor key must be 32 bytes');
    this.#key = key;
    this.#openKeys = [key, ...previousKeys];
  }

  async seal(position: unknown, binding: { clientId: string; query: string }): Promise<string> {
    const payload = new TextEncoder().encode(JSON.stringify({ p: position, c: binding.clientId, q: binding.query }));
    return new CompactEncrypt(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(this.#key);
  }

  /** The position of a cursor this caller got for this query; anything else is a 400. */
  async open(cursor: string, binding: { clientId: string; query: string }): Promise<unknown> {
    const decoded = await this.#decrypt(cursor);
    if (!decoded) throw new AppError('invalid-cursor', 'The cursor is not one this API issued');
    if (decoded.c !== binding.clientId || decoded.q !== binding.query) {
      throw new AppError('invalid-cursor', 'The cursor belongs to another caller or query');
    }
    return decoded.p;
  }

  async #decrypt(cursor: string): Promise<{ p?: unknown; c?: unknown; q?: unknown } | undefined> {
    for (const key of this.#openKeys) {
      try {
        const { plaintext } = await compactDecrypt(cursor, key, {
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        return JSON.parse(new TextDecoder().decode(plaintext));
      } catch {
        // Not this key (or not a cursor at all): try the next one of the ring.
      }
    }
    return undefined;
  }
}
