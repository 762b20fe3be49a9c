import { composeAdminApp } from './group-apps/admin-app.ts';
import { readKeyRing } from './key-ring-secret.ts';
import { lambdaHttpHandler } from './lambda-http.ts';

/** What only administrators call: queue status, redrive, the exchange log (search, verification, export). */
export const handler = lambdaHttpHandler('admin', { compose: composeAdminApp, readKeyRing, verifiesCheckpoints: true });
