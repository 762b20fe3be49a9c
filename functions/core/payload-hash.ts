/**
 * Keyed hashes (HMAC-SHA-256) of a canonical body under the key ring's older keys, newest first. An
 * idempotency record written before a key rotation holds such a hash, and a retry made after it must
 * still match it (the IETF httpapi Idempotency-Key draft: the same key with the same body is a replay).
 */
export type PreviousPayloadHashes = (canonicalJson: string) => string[];

/**
 * Whether a stored body hash is the hash of this canonical body: under the current key (`currentHash`)
 * or, after a key rotation, under one of the previous keys.
 */
export function matchesStoredHash(stored: string, currentHash: string, canonicalJson: string, previous?: PreviousPayloadHashes): boolean {
  return stored === currentHash || (previous?.(canonicalJson) ?? []).includes(stored);
}
