import { lambdaHttpHandler } from './lambda-http.ts';

/** Health, OpenAPI document, API docs and problem types; and every path no other function has (404/405 problem+json). */
export const handler = lambdaHttpHandler('operations');
