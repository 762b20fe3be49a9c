import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { clientSettings } from '../adapters/aws-clients.ts';
import { JoseCheckpointSigner, JoseCheckpointVerifier } from '../adapters/jose-checkpoint-keys.ts';
import type { CheckpointSigner, CheckpointVerifier } from '../core/ports/audit-chain.ts';

/**
 * The keys of the exchange log's checkpoints: the verifier (public key) for everyone who verifies, the
 * signer only where the sequencer runs. ES256 throughout, so that anyone can check a checkpoint with the
 * public key and any JOSE library.
 */
export interface CheckpointKeys {
  signer?: CheckpointSigner;
  verifier: CheckpointVerifier;
}

function fromPrivateKey(privateKey: KeyObject, kid: string): Required<CheckpointKeys> {
  const publicKey = createPublicKey(privateKey);
  return { signer: new JoseCheckpointSigner(privateKey, kid), verifier: new JoseCheckpointVerifier(async () => publicKey) };
}

/** A key pair for this process only (tests, benchmarks): its checkpoints mean nothing after it ends. */
export function ephemeralCheckpointKeys(): Required<CheckpointKeys> {
  return fromPrivateKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ephemeral');
}

/**
 * The local stack's checkpoint key: generated at first start and kept under the data folder (like the
 * local token issuer's key), so checkpoints verify across restarts. Never used by a deployment.
 */
export function loadOrCreateLocalCheckpointKeys(dataDir: string): Required<CheckpointKeys> {
  const file = join(dataDir, 'checkpoint-signing-key.json');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, JSON.stringify(privateKey.export({ format: 'jwk' })), { mode: 0o600 });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey;
  return fromPrivateKey(createPrivateKey({ key: jwk, format: 'jwk' }), 'local');
}

/**
 * On AWS: an asymmetric KMS key (ECC_NIST_P256). Every function verifies with its public key; only the
 * sequencer signs (`sign: true`), and only its role may call kms:Sign. The KMS client (with the same
 * time limits and retries as every SDK client) and the signer are loaded on first use: the admin
 * function needs them only for GET /v1/audit/verify, so its cold start does not pay for them.
 */
export function kmsCheckpointKeys(options: { region: string; keyId: string; sign: boolean }): CheckpointKeys {
  let kms: Promise<{ client: KMSClient; adapter: typeof import('../adapters/kms-checkpoint-signer.ts') }> | undefined;
  const load = () => {
    kms ??= Promise.all([import('@aws-sdk/client-kms'), import('../adapters/kms-checkpoint-signer.ts')]).then(([sdk, adapter]) => ({
      client: new sdk.KMSClient(clientSettings(options.region)),
      adapter,
    }));
    return kms;
  };
  let publicKey: (() => Promise<KeyObject>) | undefined;
  const verifier = new JoseCheckpointVerifier(async () => {
    const { client, adapter } = await load();
    publicKey ??= adapter.kmsPublicKey(client, options.keyId);
    return publicKey();
  });
  if (!options.sign) return { verifier };
  const signer: CheckpointSigner = {
    sign: async (claims) => {
      const { client, adapter } = await load();
      return new adapter.KmsCheckpointSigner(client, options.keyId).sign(claims);
    },
  };
  return { signer, verifier };
}
