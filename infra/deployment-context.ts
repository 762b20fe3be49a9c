import type { ExchangeStackProps } from './exchange-stack.ts';

/**
 * Where a stack goes when the deployer names no region: Frankfurt. The exchange holds personal data of
 * people in German asylum and return procedures, which must stay in the EU (GDPR chapter V); the CDK CLI
 * always sets CDK_DEFAULT_REGION (from the profile, us-east-1 without one), so that variable is never
 * taken as the deployer's choice.
 */
export const DEFAULT_REGION = 'eu-central-1';

/** The stack's id and properties from the CDK context (`-c key=value`) and the CLI's environment. */
export function deploymentProps(
  context: (key: string) => string | undefined,
  env: Record<string, string | undefined>,
): { id: string; props: ExchangeStackProps } {
  const stage = context('stage') ?? 'dev';
  return {
    // One stack per stage: `npx cdk deploy -c stage=dev` and `-c stage=prod` deploy side by side.
    id: `RueckkehrExchange-${stage}`,
    props: {
      stage,
      participantsFile: context('participantsFile') ?? 'infra/participants.example.json',
      routingOverridesFile: context('routingOverridesFile'),
      alarmEmail: context('alarmEmail'),
      keyRingVersion: context('keyRingVersion'),
      auth: {
        issuer: context('authIssuer') ?? '',
        jwksUrl: context('authJwksUrl') ?? '',
        audience: context('authAudience'),
        clientIdClaim: context('authClientIdClaim') ?? 'client_id',
        tokenUrl: context('authTokenUrl'),
        // Off by default: Cognito sets no `typ`. `-c authRequiredTokenType=at+jwt` for an RFC 9068 provider.
        requiredTokenType: context('authRequiredTokenType'),
        maxTokenAgeSeconds: context('authMaxTokenAgeSeconds') === undefined ? undefined : Number(context('authMaxTokenAgeSeconds')),
      },
      // Only an explicit `-c region=...` leaves Frankfurt.
      env: { account: env.CDK_DEFAULT_ACCOUNT, region: context('region') ?? DEFAULT_REGION },
    },
  };
}
