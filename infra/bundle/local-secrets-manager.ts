import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Secrets Manager's GetSecretValue (AWS JSON 1.1 protocol) on a loopback port, so that a
 * bundled function reads its key ring through the real SDK and Powertools Parameters outside AWS: in
 * the bundle report and the tests. Point the SDK at it with AWS_ENDPOINT_URL_SECRETS_MANAGER. Secrets
 * can be replaced while it runs (a rotation).
 */
export interface LocalSecretsManager {
  endpoint: string;
  put(secretId: string, value: string): void;
  /** How many GetSecretValue calls it answered (the cache of Powertools Parameters keeps this low). */
  reads(): number;
  close(): Promise<void>;
}

export async function startLocalSecretsManager(): Promise<LocalSecretsManager> {
  const secrets = new Map<string, string>();
  let reads = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        answer(400, { __type: 'InvalidRequestException', message: 'Only GetSecretValue is served here' });
        return;
      }
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const value = SecretId === undefined ? undefined : secrets.get(SecretId);
      if (value === undefined) {
        answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        return;
      }
      reads++;
      answer(200, { ARN: SecretId, Name: SecretId, SecretString: value, VersionId: `v${reads}`, CreatedDate: Date.now() / 1000 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    put: (secretId, value) => secrets.set(secretId, value),
    reads: () => reads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
