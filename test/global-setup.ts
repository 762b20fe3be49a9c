import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStores } from '../functions/entry/local/local-stores.ts';
import { assertNodeVersion } from '../functions/entry/local/node-version.ts';
import { checkRecordFolder } from './support/status-coverage.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stores: { dynamoEndpoint: string; sqsEndpoint: string };
  }
}

/** One DynamoDB Local (in memory) and one fauxqs for the whole run, on free loopback ports. */
export default async function setup(project: TestProject) {
  assertNodeVersion();
  const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-test-'));
  const stores = await startLocalStores({ pidFile: join(dir, 'dynamodb-local.pid') });
  project.provide('stores', { dynamoEndpoint: stores.dynamoEndpoint, sqsEndpoint: stores.sqsEndpoint });
  const statusRecordDir = join(dir, 'statuses');
  mkdirSync(statusRecordDir);
  project.provide('statusRecordDir', statusRecordDir);
  return async () => {
    try {
      await stores.stop();
      // After every test file: each test app wrote the statuses it answered; a missing one fails the run.
      const { calls, answers } = checkRecordFolder(statusRecordDir);
      console.log(`Every status answered in this run is documented in /openapi.json (${answers} answers, ${calls} calls).`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
