import { resolve } from 'node:path';
import { loadLocalConfig } from '../config.ts';
import { localStackUrl } from './stack-url.ts';

/**
 * `npm run token -- <client id>`: asks the running local stack's token endpoint for a token and prints
 * only the token, so that `TOKEN=$(npm run -s token -- abh-03101)` works. Follows `PORT`, or else the
 * port the running stack recorded under `DATA_DIR` (so a stack started with `PORT=4710` is found).
 */
async function main(clientId: string | undefined): Promise<void> {
  if (!clientId) {
    console.error('Usage: npm run -s token -- <client id>   (e.g. abh-03101, centre-braunschweig, admin)');
    process.exit(2);
  }
  const config = loadLocalConfig();
  const url = `${localStackUrl(resolve(config.DATA_DIR), process.env, config.PORT)}/oauth/token`;
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: config.DEV_CLIENT_SECRET });
  const response = await fetch(url, { method: 'POST', body }).catch(() => undefined);
  if (!response) {
    console.error(`No answer from ${url}: start the local stack first with \`npm start\`.`);
    process.exit(1);
  }
  const answer = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !answer.access_token) {
    console.error(`The token endpoint refused ${clientId}: ${answer.error ?? response.status} ${answer.error_description ?? ''}`.trim());
    process.exit(1);
  }
  console.log(answer.access_token);
}

await main(process.argv[2]);
