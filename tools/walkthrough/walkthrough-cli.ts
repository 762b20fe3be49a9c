import { resolve } from 'node:path';
import { loadLocalConfig } from '../../functions/entry/config.ts';
import { localStackUrl } from '../../functions/entry/local/stack-url.ts';
import { runWalkthrough } from './walkthrough.ts';

/**
 * `npm run walkthrough`: the README walk-through against the running local stack (`npm start`), through
 * the typed client. Follows `PORT`, or the port the running stack recorded under `DATA_DIR`.
 */
async function main(): Promise<number> {
  const config = loadLocalConfig();
  const baseUrl = localStackUrl(resolve(config.DATA_DIR), process.env, config.PORT);
  try {
    await runWalkthrough({ baseUrl, clientSecret: config.DEV_CLIENT_SECRET });
    return 0;
  } catch (error) {
    console.error(`${(error as Error).message} (is the local stack running at ${baseUrl}? start it with \`npm start\`)`);
    return 1;
  }
}

process.exitCode = await main();
