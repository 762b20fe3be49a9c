import { composeCentreWorkApp } from './group-apps/centre-work-app.ts';
import { readKeyRing } from './key-ring-secret.ts';
import { lambdaHttpHandler } from './lambda-http.ts';

/** What only centres call: leases and their settlement (ack, release, extend), status reports, transfers. */
export const handler = lambdaHttpHandler('centre-work', { compose: composeCentreWorkApp, readKeyRing });
