import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import { auth, functionsOf, stack, synth } from './template.ts';

const specs = resourceSpecs('rueckkehr-test');

describe('CDK stack: stores', () => {
  let template: Template;
  beforeAll(() => {
    template = synth();
  });

  it('declares the tables of the local stack on demand, with recovery, TTL and a customer-managed key', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const spec of Object.values(specs.tables)) {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: spec.name,
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            SSESpecification: { KMSMasterKeyId: Match.anyValue() },
          }),
        ],
      });
    }
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: specs.tables.data.name,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith(specs.tables.data.globalIndexes.map((i) => Match.objectLike({ IndexName: i.name }))),
      // Keys only: the relay's trigger carries no item content, so no personal data.
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
  });

  it('protects the tables from deletion in prod only, and keeps prod data when the stack goes', () => {
    const replicas = (t: Template) =>
      Object.values(t.findResources('AWS::DynamoDB::GlobalTable')).map((r) => r.Properties.Replicas[0].DeletionProtectionEnabled);
    expect(replicas(template)).toEqual([false, false]);
    const prod = synth({ stage: 'prod' });
    expect(replicas(prod)).toEqual([true, true]);
    for (const r of Object.values(prod.findResources('AWS::DynamoDB::GlobalTable'))) expect(r.DeletionPolicy).toBe('Retain');
    prod.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  it('gives each centre a KMS-encrypted FIFO queue keeping work 14 days, with a FIFO dead-letter queue', () => {
    template.resourceCountIs('AWS::SQS::Queue', 4);
    for (const spec of Object.values(specs.queues)) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: spec.name,
        FifoQueue: true,
        KmsMasterKeyId: Match.anyValue(),
        MessageRetentionPeriod: 14 * 24 * 3600,
        RedrivePolicy: { maxReceiveCount: spec.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: spec.deadLetterName,
        FifoQueue: true,
        KmsMasterKeyId: Match.anyValue(),
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
  });

  it('generates the key ring in Secrets Manager under the stack key, with no value in the template', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: Match.anyValue(),
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'current', SecretStringTemplate: '{}' }),
    });
    for (const secret of Object.values(template.findResources('AWS::SecretsManager::Secret'))) {
      expect(secret.Properties.SecretString).toBeUndefined();
    }
  });
});

describe('CDK stack: functions', () => {
  let template: Template;
  let functions: ReturnType<typeof functionsOf>;
  beforeAll(() => {
    template = synth();
    functions = functionsOf(template);
  });

  it('runs six functions on Node.js 24, arm64, with the bundle handler and without reserved concurrency', () => {
    template.resourceCountIs('AWS::Lambda::Function', 6);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
      // A reservation takes from the account's pool (10 on a new account): it can fail the deployment.
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it('puts no secret value into any environment: only the key ring secret ARN, and only where keys are used', () => {
    for (const [name, f] of Object.entries(functions)) {
      const variables = (f.properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables), name).not.toContain('SERVER_SECRET');
      const text = JSON.stringify(variables);
      expect(text, name).not.toMatch(/resolve:secretsmanager|SecretString|unsafeUnwrap/i);
      const usesKeys = ['requests', 'centre-work', 'admin'].includes(name);
      if (usesKeys) expect(variables.KEY_RING_SECRET_ID, name).toEqual({ Ref: expect.stringMatching(/keyring/) });
      else expect(variables.KEY_RING_SECRET_ID, name).toBeUndefined();
    }
  });

  it('configures the identity provider as parameters and has no switch for the local issuer', () => {
    for (const f of Object.values(functions)) {
      const variables = (f.properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(variables).toMatchObject({ AUTH_ISSUER: auth.issuer, AUTH_JWKS_URL: auth.jwksUrl, AUTH_CLIENT_ID_CLAIM: 'client_id' });
      expect(Object.keys(variables).some((k) => k.includes('LOCAL') || k.includes('DEV_CLIENT') || k.includes('ISSUER_KEY'))).toBe(false);
    }
    const withAudience = functionsOf(synth({ auth: { ...auth, audience: 'api://rueckkehr' } }));
    for (const f of Object.values(withAudience)) {
      expect((f.properties.Environment as { Variables: Record<string, string> }).Variables.AUTH_AUDIENCE).toBe('api://rueckkehr');
    }
  });

  it('keeps each function log for the stage retention, with source maps at run time outside prod only', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 6);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const prod = synth({ stage: 'prod' });
    prod.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    for (const f of Object.values(functionsOf(prod))) {
      expect((f.properties.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).toBeUndefined();
    }
    for (const f of Object.values(functions)) {
      expect((f.properties.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('triggers the relay on outbox inserts of the data table stream, and every minute', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functions.relay.id },
      StartingPosition: 'LATEST',
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'OUTBOX#' }] } } } }) }],
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functions.relay.id, 'Arn'] } })],
    });
  });

  it('deploys the participants registry and routing table as configuration, with overrides when given', () => {
    for (const f of Object.values(functions)) {
      const variables = (f.properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(variables).toMatchObject({ PARTICIPANTS_FILE: 'participants.json', ROUTING_DIR: 'routing' });
      expect(variables.ROUTING_OVERRIDES_FILE).toBeUndefined();
    }
    const withOverrides = functionsOf(synth({ routingOverridesFile: 'data/routing/overrides.example.json' }));
    for (const f of Object.values(withOverrides)) {
      expect((f.properties.Environment as { Variables: Record<string, string> }).Variables.ROUTING_OVERRIDES_FILE).toBe(
        'routing-overrides.json',
      );
    }
  });
});

describe('CDK stack: refusals at synth', () => {
  it('refuses a participants registry that does not validate', () => {
    expect(() => stack({ participantsFile: 'package.json' })).toThrow(/Invalid participants registry/);
  });

  it('refuses to synthesise without an identity provider', () => {
    expect(() => stack({ auth: { ...auth, issuer: '' } })).toThrow(/authIssuer/);
  });

  it('refuses routing overrides that do not validate', () => {
    expect(() => stack({ routingOverridesFile: 'infra/participants.example.json' })).toThrow(/Invalid routing table: overrides/);
  });

  it('refuses a stage name that cannot be part of resource names', () => {
    expect(() => stack({ stage: 'Prod!' })).toThrow(/Invalid stage/);
  });

  it('warns about a registered municipality whose AGS is not in the routing table', () => {
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

  it('names every resource after its stage, so dev and prod deploy side by side in one account', () => {
    const prod = synth({ stage: 'prod' });
    const names = resourceSpecs('rueckkehr-prod');
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: names.tables.data.name });
    prod.hasResourceProperties('AWS::SQS::Queue', { QueueName: names.queues.braunschweig.name });
    prod.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'rueckkehr-prod' });
  });
});
