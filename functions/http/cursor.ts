import { CompactEncrypt, compactDecrypt } from 'jose';
import { AppError } from '../core/errors.ts';

/**
 * Paging cursors: the store's position, sealed (AES-256-GCM, a server key) together with the caller and
 * the query, so a cursor can be neither read, forged, nor replayed by another client or on another query.
 */
export class CursorSealer {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error('The cursor key must be 32 bytes');
    this.#key = key;
  }

  async seal(position: unknown, binding: { clientId: string; query: string }): Promise<string> {
    const payload = new TextEncoder().encode(JSON.stringify({ p: position, c: binding.clientId, q: binding.query }));
    return new CompactEncrypt(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(this.#key);
  }

  /** The position of a cursor this caller got for this query; anything else is a 400. */
  async open(cursor: string, binding: { clientId: string; query: string }): Promise<unknown> {
    let decoded: { p?: unknown; c?: unknown; q?: unknown };
    try {
      const { plaintext } = await compactDecrypt(cursor, this.#key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      decoded = JSON.parse(new TextDecoder().decode(plaintext));
    } catch {
      throw new AppError('invalid-cursor', 'The cursor is not one this API issued');
    }
    if (decoded.c !== binding.clientId || decoded.q !== binding.query) {
      throw new AppError('invalid-cursor', 'The cursor belongs to another caller or query');
    }
    return decoded.p;
  }
}
