import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { ExchangeStack } from '../../infra/exchange-stack.ts';

const auth = { issuer: 'https://idp.example.org', jwksUrl: 'https://idp.example.org/jwks.json', clientIdClaim: 'client_id' };

function stack(overrides: Partial<ConstructorParameters<typeof ExchangeStack>[2]> = {}): ExchangeStack {
  // Skips Lambda bundling: the assertions are about the template, not the code assets.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new ExchangeStack(app, 'Test', { stage: 'test', auth, participantsFile: 'infra/participants.example.json', ...overrides });
}

function synth(): Template {
  return Template.fromStack(stack());
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

  it('serves GET /v1/routing-table and gives the functions the deployed routing table, without overrides by default', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /v1/routing-table' });
    for (const f of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(f.Properties.Environment.Variables.ROUTING_DIR).toBe('routing');
      expect(f.Properties.Environment.Variables.ROUTING_OVERRIDES_FILE).toBeUndefined();
    }
  });

  it('deploys a routing overrides file it is given', () => {
    const functions = Template.fromStack(stack({ routingOverridesFile: 'data/routing/overrides.example.json' })).findResources(
      'AWS::Lambda::Function',
    );
    for (const f of Object.values(functions))
      expect(f.Properties.Environment.Variables.ROUTING_OVERRIDES_FILE).toBe('routing-overrides.json');
  });

  it('refuses to synthesise with routing overrides that do not validate', () => {
    expect(() => stack({ routingOverridesFile: 'infra/participants.example.json' })).toThrow(/Invalid routing table: overrides/);
  });

  it('warns at synth about a registered municipality whose AGS is not in the routing table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-registry-'));
    try {
      const participantsFile = join(dir, 'participants.json');
      const participant = {
        clientId: 'abh-09162',
        role: 'municipality',
        organisation: '09162',
        name: 'Not in Lower Saxony',
        enabled: true,
      };
      writeFileSync(participantsFile, JSON.stringify({ version: 't-1', participants: [participant] }));
      Annotations.fromStack(stack({ participantsFile })).hasWarning(
        '*',
        Match.stringLikeRegexp('abh-09162: AGS 09162 is not in routing table'),
      );
      expect(Annotations.fromStack(stack()).findWarning('*', Match.stringLikeRegexp('routing table'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('signs checkpoints with an asymmetric KMS key that only the sequencer may use for signing', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p.Properties.PolicyDocument));
    expect(policies.filter((doc) => doc.includes('kms:Sign'))).toHaveLength(1);
    expect(policies.find((doc) => doc.includes('kms:Sign'))).toContain('kms:GetPublicKey');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^sequencerfunction'), 'Arn'] } })]),
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: resourceSpecs('rueckkehr-test').tables.audit.name,
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'auditBySubject' }),
        Match.objectLike({ IndexName: 'auditByTime' }),
      ]),
    });
  });
});
