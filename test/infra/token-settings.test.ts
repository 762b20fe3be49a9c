import { beforeAll, describe, expect, it } from 'vitest';
import { loadLambdaConfig } from '../../functions/entry/config.ts';
import { auth, functionsOf, synth } from './template.ts';

type Variables = Record<string, string>;
const variablesOf = (f: { properties: Record<string, unknown> }) => (f.properties.Environment as { Variables: Variables }).Variables;

type Functions = ReturnType<typeof functionsOf>;

describe('CDK stack: token type and age settings', () => {
  let byDefault: Functions;
  let configured: Functions;
  // Two synths take a minute on a busy 2-core machine.
  beforeAll(() => {
    byDefault = functionsOf(synth());
    configured = functionsOf(synth({ auth: { ...auth, requiredTokenType: 'at+jwt', maxTokenAgeSeconds: 3600 } }));
  }, 180_000);

  it('sets no required token type by default (Cognito sets no typ) and a maximum token age of one day', () => {
    for (const [name, f] of Object.entries(byDefault)) {
      const variables = variablesOf(f);
      expect(variables.AUTH_REQUIRED_TOKEN_TYPE, name).toBeUndefined();
      expect(variables.AUTH_MAX_TOKEN_AGE_SECONDS, name).toBe('86400');
    }
  });

  it('passes -c authRequiredTokenType and authMaxTokenAgeSeconds to every function, in the form its configuration reads', () => {
    for (const [name, f] of Object.entries(configured)) {
      const variables = variablesOf(f);
      expect(variables, name).toMatchObject({ AUTH_REQUIRED_TOKEN_TYPE: 'at+jwt', AUTH_MAX_TOKEN_AGE_SECONDS: '3600' });
      const tokenSettings = Object.fromEntries(Object.entries(variables).filter(([key]) => key.startsWith('AUTH_')));
      const config = loadLambdaConfig({ ...tokenSettings, AWS_REGION: 'eu-central-1', RESOURCE_PREFIX: 'x', CHECKPOINT_KEY_ID: 'alias/x' });
      expect(config.AUTH_REQUIRED_TOKEN_TYPE).toBe('at+jwt');
      expect(config.AUTH_MAX_TOKEN_AGE_SECONDS).toBe(3600);
    }
  });

  it.each([0, 59, 604_801, 1.5])('fails the synth for a maximum token age of %s s', (maxTokenAgeSeconds) => {
    expect(() => synth({ auth: { ...auth, maxTokenAgeSeconds } })).toThrow(/authMaxTokenAgeSeconds/);
  });

  it('fails the synth for a token type that is not a media type token', () => {
    expect(() => synth({ auth: { ...auth, requiredTokenType: 'at jwt' } })).toThrow(/authRequiredTokenType/);
  });
});
