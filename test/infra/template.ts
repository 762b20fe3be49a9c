import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { resourceSpecs } from '../../functions/adapters/resources.ts';
import type { FunctionName } from '../../infra/bundle/bundle-function.ts';
import { ExchangeStack, type ExchangeStackProps } from '../../infra/exchange-stack.ts';

export const auth = { issuer: 'https://idp.example.org', jwksUrl: 'https://idp.example.org/jwks.json', clientIdClaim: 'client_id' };

/** A stack of the given stage, without Lambda bundling: the assertions are about the template, not the code. */
export function stack(overrides: Partial<ExchangeStackProps> = {}): ExchangeStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new ExchangeStack(app, 'Test', {
    stage: 'test',
    auth,
    participantsFile: 'infra/participants.example.json',
    // Tables under a customer-managed key need a region (the replica's key is per region).
    env: { region: 'eu-central-1' },
    ...overrides,
  });
}

export const synth = (overrides: Partial<ExchangeStackProps> = {}) => Template.fromStack(stack(overrides));

type Resource = { Type: string; Properties: Record<string, unknown> & { [key: string]: unknown } };
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const actionsOf = (s: Statement) => [s.Action].flat();
export const resourcesOf = (s: Statement) => [s.Resource].flat();
/** Whether a statement's resources refer to the resource of this logical id (its ARN, or an index of it). */
export const refersTo = (s: Statement, logicalId: string) => resourcesOf(s).some((r) => JSON.stringify(r).includes(`"${logicalId}"`));

/** Logical ids and role statements of the stack's functions, by function name. */
export function functionsOf(template: Template) {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const names: FunctionName[] = ['requests', 'centre-work', 'admin', 'operations', 'relay', 'sequencer'];
  const logicalIdOf = (name: FunctionName) => {
    const found = byType('AWS::Lambda::Function').find(([id]) => id.startsWith(`functions${name.replace('-', '')}function`));
    if (!found) throw new Error(`no function ${name}`);
    return found;
  };
  return Object.fromEntries(
    names.map((name) => {
      const [id, fn] = logicalIdOf(name);
      const role = JSON.stringify(fn.Properties.Role).match(/"(\w+)","Arn"/)?.[1] ?? '';
      const statements = byType('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
      return [name, { id, properties: fn.Properties, statements }];
    }),
  ) as Record<FunctionName, { id: string; properties: Record<string, unknown>; statements: Statement[] }>;
}

/** Logical ids of the stores, found by their names from the shared specs. */
export function storesOf(template: Template, prefix = 'rueckkehr-test') {
  const specs = resourceSpecs(prefix);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const idOf = (type: string, key: string, value: string) => {
    const found = Object.entries(resources).find(([, r]) => r.Type === type && r.Properties[key] === value);
    if (!found) throw new Error(`no ${type} ${value}`);
    return found[0];
  };
  return {
    data: idOf('AWS::DynamoDB::GlobalTable', 'TableName', specs.tables.data.name),
    audit: idOf('AWS::DynamoDB::GlobalTable', 'TableName', specs.tables.audit.name),
    queues: Object.values(specs.queues).map((q) => idOf('AWS::SQS::Queue', 'QueueName', q.name)),
    deadLetterQueues: Object.values(specs.queues).map((q) => idOf('AWS::SQS::Queue', 'QueueName', q.deadLetterName)),
    secret: Object.entries(resources).find(([, r]) => r.Type === 'AWS::SecretsManager::Secret')?.[0] ?? '',
  };
}
