import { lambdaHttpHandler } from './lambda-http.ts';

/** Centre work: leases and their settlement (ack, release, extend), status reports and transfers. */
export const handler = lambdaHttpHandler('centre-work');
