import { secretJsonReader } from '../adapters/secrets-key-ring.ts';
import { ConfigError, type LambdaConfig } from './config.ts';
import { type KeyRing, parseKeyRing } from './key-ring.ts';

/**
 * The key ring named by KEY_RING_SECRET_ID, read once per cold start through Powertools Parameters.
 * Imported only by the functions that seal, hash or open something, so the others carry no Secrets
 * Manager client.
 * @throws ConfigError when the setting is missing or the secret does not validate; whatever Secrets Manager throws.
 */
export async function readKeyRing(config: LambdaConfig): Promise<KeyRing> {
  if (!config.KEY_RING_SECRET_ID) throw new ConfigError('Invalid configuration: KEY_RING_SECRET_ID: required by this function');
  return parseKeyRing(await secretJsonReader(config.AWS_REGION)(config.KEY_RING_SECRET_ID));
}
