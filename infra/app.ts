import { App } from 'aws-cdk-lib';
import { ExchangeStack } from './exchange-stack.ts';

const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key);
const stage = context('stage') ?? 'dev';

// One stack per stage: `npx cdk deploy -c stage=dev` and `-c stage=prod` deploy side by side.
new ExchangeStack(app, `RueckkehrExchange-${stage}`, {
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
    // Off by default: Cognito sets no `typ`. `-c authRequiredTokenType=at+jwt` for an RFC 9068 provider.
    requiredTokenType: context('authRequiredTokenType'),
    maxTokenAgeSeconds: context('authMaxTokenAgeSeconds') === undefined ? undefined : Number(context('authMaxTokenAgeSeconds')),
  },
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-central-1' },
});
