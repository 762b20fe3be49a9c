import type { Template } from 'aws-cdk-lib/assertions';
import type { AuthorisationRequest } from './authorisation-requests.ts';
import type { Statement } from './template.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** The account and region the evaluator puts into the template's ARNs (the synthesised stack leaves the account open). */
export const ACCOUNT = '123456789012';

/**
 * Resolves the intrinsic functions the stack's policies use (`Ref`, `Fn::GetAtt … Arn`, `Fn::Join`,
 * pseudo parameters) to ARNs, as CloudFormation would in `region` and {@link ACCOUNT}.
 * @throws Error for an intrinsic or resource type it does not know.
 */
export function resolver(template: Template, region: string) {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const arnOf = (id: string, attribute = 'Arn'): string => {
    const resource = resources[id];
    if (!resource) throw new Error(`no resource ${id}`);
    const p = resource.Properties;
    switch (resource.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table': {
        const table = `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${String(p.TableName)}`;
        return attribute === 'StreamArn' ? `${table}/stream/2026-01-01T00:00:00.000` : table;
      }
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${region}:${ACCOUNT}:${String(p.QueueName)}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${id}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${ACCOUNT}:log-group:${id}:*`;
      default:
        return `arn:aws:unknown:${region}:${ACCOUNT}:${id}`;
    }
  };
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const v = value as Record<string, unknown>;
    if ('Ref' in v) {
      const ref = String(v.Ref);
      const pseudo: Record<string, string> = {
        'AWS::Region': region,
        'AWS::AccountId': ACCOUNT,
        'AWS::Partition': 'aws',
        'AWS::URLSuffix': 'amazonaws.com',
      };
      return pseudo[ref] ?? arnOf(ref);
    }
    if ('Fn::GetAtt' in v) {
      const [id, attribute] = v['Fn::GetAtt'] as [string, string];
      return arnOf(id, attribute);
    }
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    throw new Error(`unsupported intrinsic ${JSON.stringify(value)}`);
  };
  return { resolve, arnOf };
}

const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

/**
 * One condition operator of a statement against the request's context, as IAM evaluates it, for the
 * operators this stack uses. `ForAllValues:` is true when the request has no such key (IAM's rule).
 * @throws Error for any other operator, so that a new kind of condition is never silently taken as met.
 */
function conditionHolds(operator: string, expected: Record<string, unknown>, context: Record<string, string[]>): boolean {
  return Object.entries(expected).every(([key, raw]) => {
    const policy = [raw].flat().map(String);
    const values = context[key];
    switch (operator) {
      case 'ForAllValues:StringLike':
        return (values ?? []).every((value) => policy.some((pattern) => glob(pattern, value)));
      case 'ForAllValues:StringNotEquals':
        return (values ?? []).every((value) => !policy.includes(value));
      case 'StringEqualsIfExists':
        return values === undefined || values.every((value) => policy.includes(value));
      case 'StringEquals':
        return values?.every((value) => policy.includes(value)) ?? false;
      case 'StringLike':
        return values?.every((value) => policy.some((pattern) => glob(pattern, value))) ?? false;
      default:
        throw new Error(`the evaluator does not know the condition operator ${operator}`);
    }
  });
}

/** Whether one statement matches the request: action, resource (globs, `index/*` included) and every condition. */
export function statementMatches(statement: Statement, request: AuthorisationRequest, resolve: (value: unknown) => string): boolean {
  const actions = [statement.Action].flat();
  if (!actions.some((action) => glob(action.toLowerCase(), request.action.toLowerCase()))) return false;
  const resources = [statement.Resource].flat().map(resolve);
  if (!resources.some((resource) => glob(resource, request.resource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, expected]) => conditionHolds(operator, expected, request.context));
}

/**
 * IAM's decision for an identity policy alone: denied unless an Allow matches and no Deny does. (No
 * resource policies, SCPs or boundaries: the stack has none that grant anything to its functions.)
 */
export function isAllowed(statements: Statement[], request: AuthorisationRequest, resolve: (value: unknown) => string): boolean {
  const matching = statements.filter((statement) => statementMatches(statement, request, resolve));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

/** A denied request, as a test failure names it: function, action, resource and partition key. */
export function describeRequest(request: AuthorisationRequest): string {
  const key = request.context['dynamodb:LeadingKeys']?.join(',');
  return `${request.caller}: ${request.action} on ${request.resource}${key ? ` (partition key ${key})` : ''}`;
}
