import { lambdaHttpHandler } from './lambda-http.ts';

/** Administration: the centres' queue status, redrive of dead-lettered work, the exchange log. */
export const handler = lambdaHttpHandler('admin');
