import { CompactSign, type CryptoKey, compactVerify, type JWK, type KeyObject } from 'jose';
import type { CheckpointSigner, CheckpointVerifier } from '../core/ports/audit-chain.ts';

/** The protected header `typ` of checkpoints, so that no other ES256 JWS passes for one. */
export const CHECKPOINT_TYP = 'rueckkehr-checkpoint+jws';

/** The signing input of a JWS (RFC 7515 section 5.1) for a checkpoint's claims. */
export function checkpointSigningInput(claims: { seq: number; hash: string; at: string }, kid: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: CHECKPOINT_TYP, kid })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ seq: claims.seq, hash: claims.hash, at: claims.at })).toString('base64url');
  return `${header}.${payload}`;
}

/** Signs checkpoints with an ES256 private key held in this process (the local stack, tests). */
export class JoseCheckpointSigner implements CheckpointSigner {
  readonly #key: CryptoKey | KeyObject;
  readonly #kid: string;

  constructor(key: CryptoKey | KeyObject, kid: string) {
    this.#key = key;
    this.#kid = kid;
  }

  sign(claims: { seq: number; hash: string; at: string }): Promise<string> {
    const payload = new TextEncoder().encode(JSON.stringify({ seq: claims.seq, hash: claims.hash, at: claims.at }));
    return new CompactSign(payload).setProtectedHeader({ alg: 'ES256', typ: CHECKPOINT_TYP, kid: this.#kid }).sign(this.#key);
  }
}

/**
 * Checks checkpoints with the ES256 public key (from the local key file, or KMS's GetPublicKey). Only
 * ES256 and the checkpoint `typ` are accepted; the payload must be a checkpoint.
 */
export class JoseCheckpointVerifier implements CheckpointVerifier {
  readonly #key: () => Promise<CryptoKey | KeyObject | JWK | Uint8Array>;

  constructor(key: () => Promise<CryptoKey | KeyObject>) {
    this.#key = key;
  }

  async verify(jws: string): Promise<{ seq: number; hash: string; at: string }> {
    const { payload, protectedHeader } = await compactVerify(jws, (await this.#key()) as CryptoKey, { algorithms: ['ES256'] });
    if (protectedHeader.typ !== CHECKPOINT_TYP) throw new Error('Not a checkpoint');
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { seq?: unknown; hash?: unknown; at?: unknown };
    if (typeof claims.seq !== 'number' || typeof claims.hash !== 'string' || typeof claims.at !== 'string') {
      throw new Error('Not a checkpoint');
    }
    return { seq: claims.seq, hash: claims.hash, at: claims.at };
  }
}
