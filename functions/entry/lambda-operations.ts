import { composeOperationsApp } from './group-apps/operations-app.ts';
import { lambdaHttpHandler } from './lambda-http.ts';

/**
 * Health, OpenAPI document, API docs and problem types; and every path no other function has (404/405
 * problem+json). It opens no cursor and hashes no body: it has no access to the key ring.
 */
export const handler = lambdaHttpHandler('operations', { compose: composeOperationsApp });
