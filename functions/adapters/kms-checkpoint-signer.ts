import { createPublicKey, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { CheckpointSigner } from '../core/ports/audit-chain.ts';
import { checkpointSigningInput } from './jose-checkpoint-keys.ts';

/**
 * An ECDSA signature as KMS answers it (DER, X9.62 `SEQUENCE { r INTEGER, s INTEGER }`) in the form a
 * JWS carries (RFC 7518 section 3.4: r and s as 32-byte big-endian integers, concatenated).
 * @throws Error for anything that is not such a DER sequence.
 */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  const bad = () => new Error('Not a DER-encoded ECDSA signature');
  let offset = 0;
  const byte = () => {
    const value = der[offset++];
    if (value === undefined) throw bad();
    return value;
  };
  const length = () => {
    const first = byte();
    if (first < 0x80) return first;
    let value = 0;
    for (let i = 0; i < (first & 0x7f); i++) value = (value << 8) | byte();
    return value;
  };
  if (byte() !== 0x30) throw bad();
  length();
  const out = new Uint8Array(size * 2);
  for (const part of [0, 1]) {
    if (byte() !== 0x02) throw bad();
    const n = length();
    let bytes = der.slice(offset, offset + n);
    offset += n;
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.slice(1); // DER's sign padding
    if (bytes.length > size) throw bad();
    out.set(bytes, part * size + (size - bytes.length));
  }
  return out;
}

/**
 * Signs checkpoints with an AWS KMS asymmetric key (ECC_NIST_P256, ES256). The private key never
 * leaves KMS; only the sequencer's role may call kms:Sign, so someone who can write the audit table
 * (or any other function) cannot sign a recomputed chain.
 */
export class KmsCheckpointSigner implements CheckpointSigner {
  readonly #kms: Pick<KMSClient, 'send'>;
  readonly #keyId: string;

  constructor(kms: Pick<KMSClient, 'send'>, keyId: string) {
    this.#kms = kms;
    this.#keyId = keyId;
  }

  async sign(claims: { seq: number; hash: string; at: string }): Promise<string> {
    const input = checkpointSigningInput(claims, this.#keyId);
    const { Signature } = await this.#kms.send(
      new SignCommand({
        KeyId: this.#keyId,
        Message: new TextEncoder().encode(input),
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error('KMS answered no signature');
    return `${input}.${Buffer.from(derToJose(Signature)).toString('base64url')}`;
  }
}

/** The public key of a KMS key (SPKI), fetched once and kept, for the checkpoint verifier. */
export function kmsPublicKey(kms: Pick<KMSClient, 'send'>, keyId: string): () => Promise<KeyObject> {
  let key: Promise<KeyObject> | undefined;
  return () => {
    key ??= kms.send(new GetPublicKeyCommand({ KeyId: keyId })).then(({ PublicKey }) => {
      if (!PublicKey) throw new Error('KMS answered no public key');
      return createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' });
    });
    key.catch(() => {
      key = undefined; // a failed fetch is tried again on the next verification
    });
    return key;
  };
}
