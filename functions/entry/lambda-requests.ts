import { handle } from 'hono/aws-lambda';
import { createLambdaApp } from './lambda-app.ts';

// Module scope: configured and connected once per cold start, reused by every invocation.
const app = createLambdaApp(process.env);

/** Cases and consultation requests: intake, lists, reads and withdrawals (municipalities and centres). */
export const handler = handle(app);
