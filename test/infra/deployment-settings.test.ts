import { describe, expect, it } from 'vitest';
import { DEFAULT_REGION, deploymentProps } from '../../infra/deployment-context.ts';
import { auth, functionsOf, stack, synth } from './template.ts';

const contextOf = (values: Record<string, string>) => (key: string) => values[key];
/** What the CDK CLI sets for every app it runs: a region from the profile, us-east-1 without one. */
const cliEnv = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'us-east-1' };

describe('deployment settings', () => {
  it('deploys to Frankfurt unless the deployer names a region, whatever region the CDK CLI sets', () => {
    expect(DEFAULT_REGION).toBe('eu-central-1');
    expect(deploymentProps(contextOf({}), cliEnv).props.env).toEqual({ account: '123456789012', region: 'eu-central-1' });
    expect(deploymentProps(contextOf({ region: 'eu-west-1' }), cliEnv).props.env?.region).toBe('eu-west-1');
  });

  it('names the stack after its stage and takes the identity provider, token URL included, from the context', () => {
    const context = contextOf({
      stage: 'prod',
      authIssuer: auth.issuer,
      authJwksUrl: auth.jwksUrl,
      authTokenUrl: 'https://login.example.org/token',
    });
    const { id, props } = deploymentProps(context, cliEnv);
    expect(id).toBe('RueckkehrExchange-prod');
    expect(props.auth).toMatchObject({
      issuer: auth.issuer,
      jwksUrl: auth.jwksUrl,
      tokenUrl: 'https://login.example.org/token',
      clientIdClaim: 'client_id',
    });
  });

  it("shows the identity provider's token URL in the OpenAPI document when given (AUTH_TOKEN_URL), and refuses one that is not a URL", () => {
    const tokenUrl = 'https://rueckkehr.auth.eu-central-1.amazoncognito.com/oauth2/token';
    for (const f of Object.values(functionsOf(synth({ auth: { ...auth, tokenUrl } })))) {
      expect((f.properties.Environment as { Variables: Record<string, string> }).Variables.AUTH_TOKEN_URL).toBe(tokenUrl);
    }
    for (const f of Object.values(functionsOf(synth()))) {
      expect((f.properties.Environment as { Variables: Record<string, string> }).Variables.AUTH_TOKEN_URL).toBeUndefined();
    }
    expect(() => stack({ auth: { ...auth, tokenUrl: 'not a url' } })).toThrow(/authTokenUrl/);
  });

  it('outputs the API URL as `ApiUrl`, exported under the stack name', () => {
    const outputs = synth().toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
    expect(outputs.ApiUrl?.Export).toEqual({ Name: 'Test-ApiUrl' });
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toMatch(/"Fn::GetAtt":\["httpapi\w+","ApiEndpoint"\]/);
    expect(Object.keys(outputs)).toContain('KeyRingSecretArn');
  });
});
