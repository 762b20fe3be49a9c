import { resolve } from 'node:path';
import { ConfigError, loadLocalConfig } from '../../functions/entry/config.ts';
import { localStackUrl } from '../../functions/entry/local/stack-url.ts';
import { SeenWorkIds } from './seen-work-ids.ts';
import { createWorkApi } from './work-api.ts';
import { runWorkLoop } from './work-loop.ts';
import { formatProgress } from './work-output.ts';
import { parseWorkerArgs, USAGE, UsageError, type WorkerOptions } from './worker-args.ts';

/**
 * `npm run worker -- --centre braunschweig`: the reference centre worker. It leases the centre's work
 * from the running local stack, prints each item and acks it; see README "For centre IT vendors".
 */
async function main(argv: string[]): Promise<number> {
  let options: WorkerOptions | undefined;
  try {
    const config = loadLocalConfig();
    // PORT, or else the port the running stack recorded (a stack started with PORT=4710 is found).
    const port = Number(new URL(localStackUrl(resolve(config.DATA_DIR), process.env, config.PORT)).port);
    options = parseWorkerArgs(argv, { port, clientSecret: config.DEV_CLIENT_SECRET });
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }

  const api = createWorkApi(options);
  try {
    await api.signIn();
  } catch (error) {
    const message = (error as Error).message;
    console.error(`${message.charAt(0).toUpperCase()}${message.slice(1)}. Is the local stack running (npm start) on ${options.baseUrl}?`);
    return 1;
  }

  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
    console.error('Stopping after the current batch (Ctrl-C again to quit at once).');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  console.log(
    `Centre worker for ${options.centre} at ${options.baseUrl} as ${options.clientId}: ` +
      `up to ${options.max} items per lease of ${options.leaseSeconds} s${options.once ? ', until drained' : ''}` +
      `${options.showPersonalData ? ', SHOWING PERSONAL DATA' : ''}.`,
  );
  const stats = await runWorkLoop(
    {
      lease: { max: options.max, leaseSeconds: options.leaseSeconds, waitSeconds: options.waitSeconds },
      once: options.once,
      showPersonalData: options.showPersonalData,
    },
    {
      api,
      seen: new SeenWorkIds(),
      stop: stop.signal,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    },
  );
  console.log(`Stopped. ${formatProgress(stats)}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The worker stopped: ${(error as Error).message}`);
    process.exit(1);
  },
);
