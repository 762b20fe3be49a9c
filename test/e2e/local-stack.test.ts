import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsClients, destroyAwsClients, LOCAL_REGION } from '../../functions/adapters/aws-clients.ts';
import { isAlive, type StackProcess, startStack, stopStack, waitFor } from '../support/local-stack-process.ts';
import { minimalCase } from '../support/requests.ts';

const TABLE = 'rueckkehr-local-data';
const QUEUE = 'rueckkehr-local-braunschweig.fifo';

describe('npm start (the local stack as a process)', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rueckkehr-stack-'));
  const started: StackProcess[] = [];
  const start = async (args: string[] = []) => {
    const stack = await startStack(dataDir, args);
    started.push(stack);
    return stack;
  };
  afterAll(() => {
    // Whatever an assertion left running (the crash test makes an orphan on purpose) ends here.
    for (const stack of started) {
      stack.child.kill('SIGKILL');
      if (isAlive(stack.javaPid)) process.kill(stack.javaPid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function withClients<T>(endpoints: { dynamo: string; sqs: string }, use: (c: ReturnType<typeof createAwsClients>) => Promise<T>) {
    const clients = createAwsClients({ region: LOCAL_REGION, local: { dynamoEndpoint: endpoints.dynamo, sqsEndpoint: endpoints.sqs } });
    try {
      return await use(clients);
    } finally {
      destroyAwsClients(clients);
    }
  }

  it('answers /health, prints the banner, and Ctrl-C leaves no java process behind', async () => {
    const stack = await start();
    expect(stack.output()).toContain(`API            http://127.0.0.1:${stack.port}`);
    expect(stack.output()).toContain('/docs');
    expect(isAlive(stack.javaPid)).toBe(true);
    // `npm run -s token` in another shell, where PORT is not set: it finds the moved port under DATA_DIR.
    const { PORT: _unset, ...shell } = process.env;
    const cli = spawnSync(process.execPath, ['functions/entry/local/token-cli.ts', 'abh-03101'], {
      env: { ...shell, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await withClients(stack.endpoints, async (c) => {
      await c.doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'KEEP', sk: 'ME', n: 1 } }));
      const { QueueUrl } = await c.sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE }));
      await c.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'kept', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    });
    expect(await stopStack(stack, 'SIGINT')).toBe(0);
    await waitFor(() => !isAlive(stack.javaPid) || undefined, 10_000, 'java to end');
  });

  it('keeps the tables and queued messages of the previous start', async () => {
    const stack = await start();
    const item = await withClients(stack.endpoints, (c) => c.doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'KEEP', sk: 'ME' } })));
    expect(item.Item).toMatchObject({ n: 1 });
    const received = await withClients(stack.endpoints, async (c) => {
      const { QueueUrl } = await c.sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE }));
      return c.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    });
    expect(received.Messages?.map((m) => m.Body)).toEqual(['kept']);
    expect(await stopStack(stack, 'SIGTERM')).toBe(0);
    await waitFor(() => !isAlive(stack.javaPid) || undefined, 10_000, 'java to end');
  });

  it('ends the java process a crashed start left behind, and --fresh starts empty', async () => {
    const crashed = await start();
    await stopStack(crashed, 'SIGKILL');
    expect(isAlive(crashed.javaPid)).toBe(true); // what a crash leaves: an orphaned DynamoDB Local
    const next = await start(['--fresh']);
    expect(isAlive(crashed.javaPid)).toBe(false);
    const item = await withClients(next.endpoints, (c) => c.doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'KEEP', sk: 'ME' } })));
    expect(item.Item).toBeUndefined();
    expect(await stopStack(next)).toBe(0);
    await waitFor(() => !isAlive(next.javaPid) || undefined, 10_000, 'java to end');
  });

  it('stops at once with one clear sentence when Java is missing', () => {
    const result = spawnSync(process.execPath, ['functions/entry/local/local-server.ts'], {
      env: { ...process.env, PATH: '/nonexistent', DATA_DIR: join(dataDir, 'nojava') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Java 17 or newer is required for DynamoDB Local but no `java` was found: install .*\.$/);
  });

  it('hands a released work item out again on the persisting stack (its SQS emulator keeps data on disk)', async () => {
    const stack = await start(['--fresh']);
    const base = `http://127.0.0.1:${stack.port}`;
    const token = async (client: string) => {
      const response = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client, client_secret: 'dev-secret' }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const call = async (client: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await token(client)}`, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const submitted = await call('abh-03101', '/v1/cases', minimalCase(), { 'Idempotency-Key': crypto.randomUUID() });
    expect(submitted.status).toBe(201);
    const leaseOf = async () =>
      (
        (await (await call('centre-braunschweig', '/v1/centres/braunschweig/work/lease', { waitSeconds: 3 })).json()) as {
          items: { workId: string; leaseToken: string }[];
        }
      ).items;
    const [first] = await leaseOf();
    expect(first).toBeDefined();
    expect((await call('centre-braunschweig', '/v1/centres/braunschweig/work/release', { leaseTokens: [first?.leaseToken] })).status).toBe(
      200,
    );
    const [again] = await leaseOf();
    expect(again?.workId).toBe(first?.workId);
    expect(await stopStack(stack, 'SIGINT')).toBe(0);
  });
});
