import { describe, expect, it } from 'vitest';
import { ConfigError, loadLambdaConfig, loadLocalConfig } from '../../functions/entry/config.ts';

describe('configuration', () => {
  it('gives the local stack its defaults', () => {
    expect(loadLocalConfig({})).toMatchObject({ PORT: 3000, DATA_DIR: '.data', DEV_CLIENT_SECRET: 'dev-secret' });
  });

  it('names the setting that is wrong', () => {
    expect(() => loadLocalConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadLocalConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('fails fast when a deployed function lacks its identity provider settings', () => {
    expect(() => loadLambdaConfig({ AWS_REGION: 'eu-central-1', RESOURCE_PREFIX: 'p' })).toThrow(/AUTH_ISSUER.*AUTH_JWKS_URL/);
  });
});
