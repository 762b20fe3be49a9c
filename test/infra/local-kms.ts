import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A KMS stand-in for the checkpoint key: Sign and GetPublicKey on one P-256 key pair, on a loopback port. */
export interface LocalKms {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Answers KMS's Sign (ECDSA_SHA_256 over a RAW message, DER signature, as KMS returns it) and
 * GetPublicKey (SPKI, DER) in the AWS JSON 1.1 protocol, so that the bundled sequencer signs
 * checkpoints and the admin function verifies them through the real SDK. Point the SDK at it with
 * AWS_ENDPOINT_URL_KMS. Any key id names the one key pair.
 */
export async function startLocalKms(): Promise<LocalKms> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { KeyId?: string; Message?: string };
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      const target = request.headers['x-amz-target'];
      if (target === 'TrentService.Sign') {
        const signature = sign('sha256', Buffer.from(input.Message ?? '', 'base64'), privateKey);
        answer(200, { KeyId: input.KeyId, Signature: signature.toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' });
      } else if (target === 'TrentService.GetPublicKey') {
        const spki = publicKey.export({ format: 'der', type: 'spki' });
        answer(200, { KeyId: input.KeyId, PublicKey: spki.toString('base64'), KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      } else {
        answer(400, { __type: 'UnsupportedOperationException', message: 'Only Sign and GetPublicKey are served here' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
