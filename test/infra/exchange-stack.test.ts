import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { ExchangeStack } from '../../infra/exchange-stack.ts';

const auth = { issuer: 'https://idp.example.org', jwksUrl: 'https://idp.example.org/jwks.json', clientIdClaim: 'client_id' };

function synth(): Template {
  // Skips Lambda bundling: the assertions are about the template, not the code assets.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new ExchangeStack(app, 'Test', { stage: 'test', auth, participantsFile: 'infra/participants.example.json' }));
}

describe('CDK stack', () => {
  let template: Template;
  beforeAll(() => {
    template = synth();
  });

  it('declares the tables of the local stack, from the same specs, with TTL and recovery', () => {
    const specs = resourceSpecs('rueckkehr-test');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: specs.tables.data.name,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'byOwner' }), Match.objectLike({ IndexName: 'byAssignee' })]),
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }),
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: specs.tables.audit.name });
  });

  it('gives each centre an encrypted FIFO queue with a FIFO dead-letter queue', () => {
    const specs = resourceSpecs('rueckkehr-test');
    for (const spec of Object.values(specs.queues)) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: spec.name,
        FifoQueue: true,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { maxReceiveCount: spec.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      });
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: spec.deadLetterName, FifoQueue: true });
    }
  });

  it('runs the functions on Node.js 24 with the identity provider settings and no local issuer switch', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const runtimes = Object.values(functions).map((f) => f.Properties.Runtime);
    expect(runtimes.length).toBeGreaterThan(0);
    expect(new Set(runtimes)).toEqual(new Set(['nodejs24.x']));
    for (const f of Object.values(functions)) {
      const variables = f.Properties.Environment.Variables;
      expect(variables).toMatchObject({ AUTH_ISSUER: auth.issuer, AUTH_JWKS_URL: auth.jwksUrl });
      expect(Object.keys(variables).some((k) => k.includes('LOCAL') || k.includes('DEV_CLIENT'))).toBe(false);
    }
  });

  it('routes the municipal resources, their changes and the event feed to the requests function', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(routes).toEqual(expect.arrayContaining(['POST /v1/cases/{proxy+}', 'POST /v1/consultations/{proxy+}', 'GET /v1/events']));
  });

  it('refuses to synthesise with a participants registry that does not validate', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new ExchangeStack(app, 'BadRegistry', { stage: 'x', auth, participantsFile: 'package.json' })).toThrow(
      /Invalid participants registry/,
    );
  });

  it('refuses to synthesise without an identity provider', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(
      () =>
        new ExchangeStack(app, 'NoIdp', { stage: 'x', auth: { ...auth, issuer: '' }, participantsFile: 'infra/participants.example.json' }),
    ).toThrow(/authIssuer/);
  });
});
