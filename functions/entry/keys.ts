import { hkdfSync } from 'node:crypto';
import { CENTRES, type Centre } from '../core/centres.ts';

export interface DerivedKeys {
  /** Seals paging cursors (AES-256-GCM). */
  cursor: Uint8Array;
  /** Keys the payload hashes of the exchange log and the idempotency records (HMAC-SHA-256). */
  payloadHmac: Uint8Array;
  /** Seal lease tokens (AES-256-GCM), one key per centre. */
  leaseToken: Record<Centre, Uint8Array>;
  /** Keys the digest of a refused caller's address in the exchange log (HMAC-SHA-256): never the address itself. */
  refusalSource: Uint8Array;
}

/** One server secret, one independent key per purpose (HKDF-SHA-256), so no key serves two ends. */
export function deriveKeys(secret: Uint8Array): DerivedKeys {
  const derive = (purpose: string) => new Uint8Array(hkdfSync('sha256', secret, 'rueckkehr-exchange', purpose, 32));
  return {
    cursor: derive('cursor-v1'),
    payloadHmac: derive('payload-hmac-v1'),
    leaseToken: Object.fromEntries(CENTRES.map((centre) => [centre, derive(`lease-token-v1:${centre}`)])) as Record<Centre, Uint8Array>,
    refusalSource: derive('refusal-source-v1'),
  };
}
