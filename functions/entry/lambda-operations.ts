import { handle } from 'hono/aws-lambda';
import { createLambdaApp } from './lambda-app.ts';

// Module scope: configured and connected once per cold start, reused by every invocation.
const app = createLambdaApp(process.env);

/** Health, OpenAPI document, API docs and problem types. */
export const handler = handle(app);
