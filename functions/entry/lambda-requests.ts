import { composeRequestsApp } from './group-apps/requests-app.ts';
import { readKeyRing } from './key-ring-secret.ts';
import { lambdaHttpHandler } from './lambda-http.ts';

/** Municipal intake and the resources: cases and consultations (hand over, read, list, withdraw), the event feed, the routing table. */
export const handler = lambdaHttpHandler('requests', { compose: composeRequestsApp, readKeyRing });
