import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../infra/bundle/bundle-function.ts';
import { NO_SEQUENCE_FIELDS, SEQUENCER_ATTRIBUTES } from '../../infra/constructs/function-permissions.ts';
import { isAllowed, resolver } from './iam-evaluator.ts';
import { actionsOf, functionsOf, refersTo, resourcesOf, type Statement, storesOf, synth } from './template.ts';

describe('IAM: least privilege per function', () => {
  let functions: ReturnType<typeof functionsOf>;
  let stores: ReturnType<typeof storesOf>;
  let template: ReturnType<typeof synth>;
  const on = (name: FunctionName, logicalId: string) => functions[name].statements.filter((s) => refersTo(s, logicalId));
  const actionsOn = (name: FunctionName, logicalId: string) => on(name, logicalId).flatMap(actionsOf);
  const all = (): [FunctionName, Statement][] =>
    Object.entries(functions).flatMap(([name, f]) => f.statements.map((s): [FunctionName, Statement] => [name as FunctionName, s]));

  beforeAll(() => {
    template = synth();
    functions = functionsOf(template);
    stores = storesOf(template);
  });

  it('names every action and every resource: no wildcard anywhere', () => {
    for (const [name, statement] of all()) {
      expect(statement.Effect, name).toBe('Allow');
      for (const action of actionsOf(statement)) expect(action, name).not.toContain('*');
      for (const resource of resourcesOf(statement)) expect(resource, name).not.toBe('*');
    }
  });

  it("allows `*` only where AWS requires it, outside the functions' roles: the KMS key policies' own resource", () => {
    type PolicyStatement = Statement & { Principal?: unknown };
    const resources = synth().toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const stars: string[] = [];
    for (const [id, resource] of Object.entries(resources)) {
      const document = (resource.Properties.PolicyDocument ?? resource.Properties.KeyPolicy) as
        | { Statement: PolicyStatement[] }
        | undefined;
      for (const statement of document?.Statement ?? []) {
        const wildcard = actionsOf(statement).some((a) => a.includes('*')) || resourcesOf(statement).includes('*');
        // A Deny (the queues' TLS-only policy) takes rights away: its `*` grants nothing.
        if (!wildcard || statement.Effect === 'Deny') continue;
        stars.push(`${resource.Type} ${id}`);
        // In a key policy "Resource": "*" means the key itself (AWS accepts nothing else there), and only the account may administer it.
        expect(resource.Type, id).toBe('AWS::KMS::Key');
        expect(resourcesOf(statement), id).toEqual(['*']);
        expect(JSON.stringify(statement.Principal), id).toContain(':root');
      }
    }
    // The data key and the checkpoint key: CDK's default key policy (the account administers its keys through IAM).
    expect(new Set(stars).size).toBe(2);
  });

  it('gives every function its own role, writing only to its own log group', () => {
    const roles = Object.values(functions).map((f) => JSON.stringify(f.properties.Role));
    expect(new Set(roles).size).toBe(6);
    for (const [name, statement] of all()) {
      if (actionsOf(statement).some((a) => a.startsWith('logs:'))) {
        expect(actionsOf(statement), name).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
        expect(JSON.stringify(statement.Resource), name).toContain(`functions${name.replace('-', '')}logs`);
      }
    }
  });

  it('lets every function but the sequencer write to the audit table only with a condition: no sequence field, no returned old item', () => {
    for (const name of (Object.keys(functions) as FunctionName[]).filter((n) => n !== 'sequencer')) {
      for (const statement of on(name, stores.audit).filter(
        (s) => !actionsOf(s).every((a) => ['dynamodb:Query', 'dynamodb:GetItem'].includes(a)),
      )) {
        expect(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']).toEqual(
          expect.arrayContaining(actionsOf(statement)),
        );
        expect(statement.Condition, name).toMatchObject(NO_SEQUENCE_FIELDS);
      }
    }
  });

  describe('the exchange log is append-only for every role but the sequencer (the role decides, not the code)', () => {
    const writers = ['requests', 'centre-work', 'admin', 'operations', 'relay'] as const;
    const item = (extra: string[] = []) => ['pk', 'sk', 'id', 'at', ...extra];
    const decide = (caller: FunctionName, action: string, pk: string, attributes: string[], returnValues?: string) => {
      const { resolve, arnOf } = resolver(template, 'eu-central-1');
      const context: Record<string, string[]> = { 'dynamodb:LeadingKeys': [pk], 'dynamodb:Attributes': attributes };
      if (returnValues) context['dynamodb:ReturnValues'] = [returnValues];
      return isAllowed(
        functions[caller].statements,
        { caller, action: `dynamodb:${action}`, resource: arnOf(stores.audit), context },
        resolve,
      );
    };

    it('lets each of them put an unchained entry into the inbox, and the API functions count refusals', () => {
      for (const name of writers) {
        expect(decide(name, 'PutItem', 'INBOX#3', item()), name).toBe(true);
        expect(decide(name, 'UpdateItem', 'REFUSALS#1', ['pk', 'repeats', 'lastAt']), name).toBe(name !== 'relay');
      }
    });

    it('lets none of them overwrite the head, a chained entry or a checkpoint, even without a sequence field', () => {
      for (const name of writers) {
        for (const pk of ['HEAD', 'CHAIN#000000', 'CHECKPOINT']) {
          expect(decide(name, 'PutItem', pk, item()), `${name} ${pk}`).toBe(false);
          expect(decide(name, 'UpdateItem', pk, ['pk', 'outcome']), `${name} ${pk}`).toBe(false);
          expect(decide(name, 'DeleteItem', pk, ['pk', 'sk']), `${name} ${pk}`).toBe(false);
          expect(decide(name, 'BatchWriteItem', pk, item()), `${name} ${pk}`).toBe(false);
        }
      }
    });

    it('lets none of them write a sequence field, read an old item back, update an inbox entry or delete anything', () => {
      for (const name of writers) {
        for (const field of SEQUENCER_ATTRIBUTES) expect(decide(name, 'PutItem', 'INBOX#0', item([field])), name).toBe(false);
        expect(decide(name, 'PutItem', 'INBOX#0', item(), 'ALL_OLD'), name).toBe(false);
        for (const field of SEQUENCER_ATTRIBUTES) expect(decide(name, 'BatchWriteItem', 'INBOX#0', item([field])), name).toBe(false);
        expect(decide(name, 'UpdateItem', 'REFUSALS#0', ['pk', 'hash']), name).toBe(false);
        expect(decide(name, 'UpdateItem', 'INBOX#0', ['pk', 'outcome']), name).toBe(false);
        expect(decide(name, 'DeleteItem', 'INBOX#0', ['pk', 'sk']), name).toBe(false);
      }
    });

    it('lets the sequencer chain, move the head and checkpoint, and delete only what it chained', () => {
      expect(decide('sequencer', 'PutItem', 'CHAIN#000000', item([...SEQUENCER_ATTRIBUTES]))).toBe(true);
      expect(decide('sequencer', 'PutItem', 'HEAD', ['pk', 'sk', 'seq', 'hash'])).toBe(true);
      expect(decide('sequencer', 'DeleteItem', 'INBOX#2', ['pk', 'sk'])).toBe(true);
      expect(decide('sequencer', 'DeleteItem', 'REFUSALS#2', ['pk', 'sk', 'repeats'])).toBe(true);
      expect(decide('sequencer', 'DeleteItem', 'CHAIN#000000', ['pk', 'sk'])).toBe(false);
      expect(decide('sequencer', 'DeleteItem', 'CHECKPOINT', ['pk', 'sk'])).toBe(false);
    });
  });

  it('never lets the intake function receive from a queue', () => {
    const queueActions = [...stores.queues, ...stores.deadLetterQueues].flatMap((queue) => actionsOn('requests', queue));
    expect(queueActions).toContain('sqs:SendMessage');
    expect(queueActions).not.toContain('sqs:ReceiveMessage');
    expect(queueActions).not.toContain('sqs:DeleteMessage');
  });

  it('lets only the admin function (and the sequencer) read the exchange log, and only the sequencer sign checkpoints', () => {
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
    for (const name of ['requests', 'centre-work', 'operations', 'relay'] as const) {
      expect(
        actionsOn(name, stores.audit).filter((a) => !writes.includes(a)),
        name,
      ).toEqual([]);
    }
    expect([...new Set(actionsOn('admin', stores.audit))].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    const signers = Object.entries(functions).filter(([, f]) => f.statements.some((st) => actionsOf(st).includes('kms:Sign')));
    expect(signers.map(([name]) => name)).toEqual(['sequencer']);
  });

  it('never lets the admin function write requests or read an item of the data table', () => {
    const onTable = on('admin', stores.data).filter((s) => resourcesOf(s).some((r) => !JSON.stringify(r).includes('/index/')));
    expect(onTable.flatMap(actionsOf)).toEqual(['dynamodb:UpdateItem']);
    // Only lease-ledger items and rate-limit counters: never a request, its personal data or its outbox.
    expect(onTable[0]?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WORK#*', 'RATE#*'] } });
    const onIndexes = on('admin', stores.data).filter((s) => !onTable.includes(s));
    expect(onIndexes.flatMap(actionsOf)).toEqual(['dynamodb:Query']);
    const indexes = JSON.stringify(onIndexes.flatMap(resourcesOf));
    expect(indexes).toContain('/index/waitingWork');
    expect(indexes).toContain('/index/pendingOutbox');
    expect(indexes).not.toContain('/index/byOwner');
    expect(indexes).not.toContain('/index/byAssignee');
  });

  it('gives the redrive (receive and delete on the dead-letter queues) to the admin function only', () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      const actions = stores.deadLetterQueues.flatMap((queue) => actionsOn(name, queue));
      const redrive = actions.filter((a) => a === 'sqs:ReceiveMessage' || a === 'sqs:DeleteMessage');
      expect(redrive.length > 0, name).toBe(name === 'admin');
    }
  });

  it('lets the operations function read no table data', () => {
    const dynamoActions = functions.operations.statements.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
    expect(new Set(dynamoActions)).toEqual(new Set(['dynamodb:DescribeTable', 'dynamodb:UpdateItem', 'dynamodb:PutItem']));
    const onTable = on('operations', stores.data);
    expect(onTable.flatMap(actionsOf).sort()).toEqual(['dynamodb:DescribeTable', 'dynamodb:UpdateItem']);
    // The update is its callers' rate-limit counters only.
    expect(onTable.find((s) => actionsOf(s).includes('dynamodb:UpdateItem'))?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] },
    });
  });

  it('lets the relay reach only outbox and ledger partitions of the data table, and the stream', () => {
    const onTable = on('relay', stores.data).filter((s) => resourcesOf(s).every((r) => !JSON.stringify(r).includes('/index/')));
    const byAction = Object.fromEntries(onTable.flatMap((s) => actionsOf(s).map((a) => [a, s.Condition])));
    expect(byAction['dynamodb:Query']).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REQ#*'] } });
    expect(byAction['dynamodb:DeleteItem']).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REQ#*'] } });
    expect(byAction['dynamodb:UpdateItem']).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WORK#*'] } });
    expect(byAction['dynamodb:GetRecords']).toBeUndefined();
    expect(byAction['dynamodb:PutItem']).toBeUndefined();
    const stream = functions.relay.statements.filter((s) => JSON.stringify(s.Resource).includes('StreamArn'));
    expect(stream.flatMap(actionsOf)).toEqual(
      expect.arrayContaining(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
    );
  });

  it('lets only the functions that seal, hash or open something read the key ring', () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      const reads = actionsOn(name, stores.secret);
      expect(reads, name).toEqual(['requests', 'centre-work', 'admin'].includes(name) ? ['secretsmanager:GetSecretValue'] : []);
    }
  });
});
