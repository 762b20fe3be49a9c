import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from './config.ts';
import { type DerivedKeys, deriveKeys } from './keys.ts';

/**
 * The server key material as a key ring: the current key seals, hashes and signs; the previous key (the
 * one before the last rotation) and a staged next key only open and compare. So a rotation breaks no
 * idempotent retry, cursor or lease token made before it, and an instance that has not yet loaded the
 * new ring still accepts what a newer instance sealed with the staged key (README, "Rotating the key").
 */
export interface KeyRing {
  current: DerivedKeys;
  /** The previous and the staged next key, in that order; empty when there are none. */
  previous: DerivedKeys[];
}

/** At least 32 bytes, base64 (an alphanumeric string of Secrets Manager's generator is valid base64). */
const keyMaterial = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
  .refine((value) => Buffer.from(value, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded');

/** The JSON document in Secrets Manager: `{ "current": "<base64>", "previous"?: "<base64>", "next"?: "<base64>" }`. */
export const KeyRingSecretSchema = z.strictObject({ current: keyMaterial, previous: keyMaterial.optional(), next: keyMaterial.optional() });

export type KeyRingSecret = z.infer<typeof KeyRingSecretSchema>;

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/**
 * The key ring of a secret's JSON value.
 * @throws ConfigError naming the field that is wrong (never its value).
 */
export function parseKeyRing(value: unknown): KeyRing {
  const parsed = KeyRingSecretSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(secret)'}: ${issue.message}`);
    throw new ConfigError(`Invalid key ring secret: ${problems.join('; ')}`);
  }
  const { current, previous, next } = parsed.data;
  return {
    current: deriveKeys(bytes(current)),
    previous: [previous, next].filter((k): k is string => k !== undefined).map((k) => deriveKeys(bytes(k))),
  };
}

/** A ring of one key (the local stack, tests): nothing to rotate from. */
export function singleKeyRing(secret: Uint8Array): KeyRing {
  return { current: deriveKeys(secret), previous: [] };
}

/**
 * Random keys for a function that seals, hashes and signs nothing (operations, relay): they satisfy
 * the composition without giving the function read access to the secret.
 */
export function throwawayKeyRing(): KeyRing {
  return singleKeyRing(new Uint8Array(randomBytes(32)));
}

/** The keyed body hashes of the services: under the current key, and under the ring's older keys. */
export function payloadHashers(ring: Pick<KeyRing, 'current'> & { previous?: readonly DerivedKeys[] }) {
  const hmac = (key: Uint8Array, canonical: string) => createHmac('sha256', key).update(canonical).digest('hex');
  return {
    hashPayload: (canonical: string) => hmac(ring.current.payloadHmac, canonical),
    previousPayloadHashes: (canonical: string) => (ring.previous ?? []).map((keys) => hmac(keys.payloadHmac, canonical)),
  };
}
