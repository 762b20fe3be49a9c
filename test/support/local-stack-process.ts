import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../functions/entry/local/local-stores.ts';

export interface StackProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output: () => string;
  /** The DynamoDB Local and fauxqs endpoints printed in the banner. */
  endpoints: { dynamo: string; sqs: string };
  javaPid: number;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Runs `npm start`'s entry point (or another `entry` that prints the same banner lines) as a newcomer
 * would, on a free port with its own data folder.
 */
export async function startStack(
  dataDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
  entry = 'functions/entry/local/local-server.ts',
): Promise<StackProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'WARN', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`stack exited early: ${output}`);
      return (
        (await fetch(`${base}/health`)
          .then((r) => r.ok)
          .catch(() => false)) || undefined
      );
    },
    60_000,
    'the stack to answer /health',
  );
  const dynamo = /DynamoDB Local (http:\S+)/.exec(output)?.[1] ?? '';
  const sqs = /SQS \(fauxqs\)\s+(http:\S+)/.exec(output)?.[1] ?? '';
  const javaPid = Number(readFileSync(join(dataDir, 'dynamodb-local.pid'), 'utf8'));
  return { child, port, base, output: () => output, endpoints: { dynamo, sqs }, javaPid };
}

/** Sends a signal and waits for the process to end; resolves with its exit code. */
export function stopStack(stack: StackProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  return new Promise((resolve) => {
    if (stack.child.exitCode !== null) return resolve(stack.child.exitCode);
    stack.child.once('exit', (code) => resolve(code));
    stack.child.kill(signal);
  });
}
