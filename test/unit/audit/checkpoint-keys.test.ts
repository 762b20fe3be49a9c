import { generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { JoseCheckpointVerifier } from '../../../functions/adapters/jose-checkpoint-keys.ts';
import { derToJose, KmsCheckpointSigner, kmsPublicKey } from '../../../functions/adapters/kms-checkpoint-signer.ts';
import { ephemeralCheckpointKeys } from '../../../functions/entry/checkpoint-keys.ts';

const claims = { seq: 42, hash: 'a'.repeat(64), at: '2026-11-20T10:00:00.000Z' };

/**
 * A stand-in for AWS KMS with a local P-256 key: Sign answers a DER signature over the message, as KMS
 * does for ECDSA_SHA_256 with MessageType RAW; GetPublicKey the SPKI. No KMS emulator exists locally.
 */
function localKms() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const calls: string[] = [];
  const send = async (command: unknown) => {
    if (command instanceof SignCommand) {
      calls.push('Sign');
      return { Signature: sign('sha256', command.input.Message as Uint8Array, { key: privateKey, dsaEncoding: 'der' }) };
    }
    if (command instanceof GetPublicKeyCommand) {
      calls.push('GetPublicKey');
      return { PublicKey: publicKey.export({ format: 'der', type: 'spki' }) };
    }
    throw new Error('unexpected command');
  };
  return { kms: { send } as never, calls };
}

describe('checkpoint signatures', () => {
  it('verifies what the signer signed and refuses what another key signed', async () => {
    const ours = ephemeralCheckpointKeys();
    const theirs = ephemeralCheckpointKeys();
    const jws = await ours.signer.sign(claims);
    expect(await ours.verifier.verify(jws)).toEqual(claims);
    await expect(theirs.verifier.verify(jws)).rejects.toThrow();
  });

  it('refuses an ES256 JWS that is not a checkpoint', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const other = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    await expect(new JoseCheckpointVerifier(async () => publicKey).verify(other)).rejects.toThrow('Not a checkpoint');
  });

  it('turns DER signatures of any length into the 64 bytes of a JWS', () => {
    // r with a sign byte (33 bytes) and a short s (31 bytes)
    const r = Uint8Array.from([0x00, 0x80, ...Array(31).fill(1)]);
    const s = Uint8Array.from(Array(31).fill(2));
    const der = Uint8Array.from([0x30, 4 + r.length + s.length, 0x02, r.length, ...r, 0x02, s.length, ...s]);
    const jose = derToJose(der);
    expect(jose.length).toBe(64);
    expect([...jose.slice(0, 32)]).toEqual([0x80, ...Array(31).fill(1)]);
    expect([...jose.slice(32)]).toEqual([0, ...Array(31).fill(2)]);
    expect(() => derToJose(Uint8Array.from([0x31, 0]))).toThrow('Not a DER-encoded ECDSA signature');
  });

  it('signs with KMS so that the KMS public key verifies it, fetching that key once', async () => {
    const { kms, calls } = localKms();
    const signer = new KmsCheckpointSigner(kms, 'arn:aws:kms:eu-central-1:111122223333:key/test');
    const verifier = new JoseCheckpointVerifier(kmsPublicKey(kms, 'arn:aws:kms:eu-central-1:111122223333:key/test'));
    for (let i = 0; i < 20; i++) {
      expect(await verifier.verify(await signer.sign({ ...claims, seq: i + 1 }))).toEqual({ ...claims, seq: i + 1 });
    }
    expect(calls.filter((c) => c === 'GetPublicKey')).toHaveLength(1);
  });
});
