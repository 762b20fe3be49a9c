import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCAL_AUDIENCE } from '../../functions/entry/local/local-auth.ts';
import { bundleFunction, type FunctionName } from '../../infra/bundle/bundle-function.ts';
import { initBytes, initFiles } from '../../infra/bundle/bundle-report.ts';
import { type LocalSecretsManager, startLocalSecretsManager } from '../../infra/bundle/local-secrets-manager.ts';
import { type TestApp, testStores } from '../support/runtime.ts';
import type { AwsCallRecorder } from './aws-call-recorder.ts';

export type HttpResult = { statusCode: number; body: string; headers?: Record<string, string> };
export type Handler = (event: unknown, context: unknown) => Promise<HttpResult>;

/** Bundling takes seconds per function, many more on a busy machine. */
export const BUNDLING_TIMEOUT_MS = 240_000;

export const KEY_RING_SECRET_ID = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rueckkehr-test-key-ring';

/** An API Gateway HTTP API (payload 2.0) event, as Lambda receives it. */
export function httpEvent(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.org', ...headers },
    requestContext: { http: { method, path, sourceIp: '192.0.2.1' }, requestId: 'test', stage: '$default' },
    ...(body ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}

export interface Bundled {
  handlers: Record<string, Handler>;
  /** The code of every bundle (entry and chunks), as deployed; or of one function's. */
  code(name?: FunctionName): string;
  /** The files of one function's bundle (code and source maps), relative to its folder. */
  files(name: FunctionName): string[];
  /** One file of a function's bundle, as text. */
  file(name: FunctionName, path: string): string;
  /** Bytes of code one function loads at its cold start (minified, without source maps). */
  initBytes(name: FunctionName): number;
  /** The code one function loads at its cold start: its entry and the chunks that imports statically. */
  initCode(name: FunctionName): string;
  secrets: LocalSecretsManager;
  close(): Promise<void>;
}

/**
 * The deployed code path: the functions bundled by the stack's own bundler, configured only through
 * the environment the stack sets, reading the key ring through Powertools Parameters from a local
 * Secrets Manager, and talking to the test's stores through the SDK's standard endpoint variables.
 * With `options.recorder`, every AWS call of a function (its cold start and each invocation) is recorded under its name.
 */
export async function bundled(
  t: TestApp,
  names: readonly FunctionName[],
  keyRing: Record<string, string>,
  options: { recorder?: AwsCallRecorder } = {},
): Promise<Bundled> {
  const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-bundle-'));
  const secrets = await startLocalSecretsManager();
  secrets.put(KEY_RING_SECRET_ID, JSON.stringify(keyRing));
  const results = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await bundleFunction(name, join(dir, name))] as const)),
  ) as Record<FunctionName, Awaited<ReturnType<typeof bundleFunction>>>;
  const stores = testStores();
  Object.assign(process.env, {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: stores.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stores.sqsEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    RESOURCE_PREFIX: t.runtime.resources.tables.data.name.replace(/-data$/, ''),
    KEY_RING_SECRET_ID,
    CHECKPOINT_KEY_ID: 'alias/test-checkpoints',
    AUTH_ISSUER: t.base,
    AUTH_JWKS_URL: `${t.base}/.well-known/jwks.json`,
    AUTH_AUDIENCE: LOCAL_AUDIENCE,
    PARTICIPANTS_FILE: join(process.cwd(), 'functions/entry/local/participants.local.json'),
    ROUTING_DIR: join(process.cwd(), 'data/routing'),
    LOG_LEVEL: process.env.BUNDLE_LOG_LEVEL ?? 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    RELAY_STREAM_GRACE_MS: '2000',
  });
  const handlers: Record<string, Handler> = {};
  for (const name of names) {
    const load = () => import(pathToFileURL(join(dir, name, 'index.mjs')).href) as Promise<{ handler: Handler }>;
    const { recorder } = options;
    const { handler } = await (recorder ? recorder.as(name, load) : load());
    handlers[name] = recorder ? (event, context) => recorder.as(name, () => handler(event, context)) : handler;
  }
  return {
    handlers,
    code: (only?: FunctionName) =>
      (only ? [only] : names)
        .flatMap((name) => readdirSync(join(dir, name), { recursive: true, encoding: 'utf8' }).map((file) => join(dir, name, file)))
        .filter((file) => file.endsWith('.mjs'))
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n'),
    files: (name) => results[name].files,
    initBytes: (name) => initBytes(results[name].metafile),
    file: (name, path) => readFileSync(join(dir, name, path), 'utf8'),
    initCode: (name) => {
      const { metafile } = results[name];
      return initFiles(metafile)
        .map((file) => readFileSync(join(process.cwd(), file), 'utf8'))
        .join('\n');
    },
    secrets,
    close: async () => {
      await secrets.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
