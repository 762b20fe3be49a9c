import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface IssuerKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
  alg: 'ES256';
}

/**
 * The local issuer's signing key: generated at first start and kept under the data folder, so tokens
 * stay valid across restarts. It never leaves this machine and never signs anything deployed.
 */
export async function loadOrCreateIssuerKey(dataDir: string): Promise<IssuerKey> {
  const file = join(dataDir, 'issuer-signing-key.json');
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(privateKey);
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  return { privateKey, publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' }, kid, alg: 'ES256' };
}
