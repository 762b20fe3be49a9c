import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientSettings } from './aws-clients.ts';

/**
 * How long a read secret is reused, in seconds. The key ring is read once per cold start; a rotation
 * reaches running instances when they are replaced (README, "Rotating the key"), so the cache only
 * saves calls within one instance.
 */
const CACHE_SECONDS = 3600;

/**
 * Reads a JSON secret through Powertools Parameters (cached) with an SDK client that has the same time
 * limits and retries as every other client. The endpoint follows the SDK's standard variable
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`), which only the tests set.
 * @throws whatever Secrets Manager answers (missing secret, no permission) or a parse error for a value that is not JSON.
 */
export function secretJsonReader(region: string): (secretId: string) => Promise<unknown> {
  const provider = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(clientSettings(region)) });
  return (secretId) => provider.get(secretId, { transform: 'json', maxAge: CACHE_SECONDS });
}
