import { handle } from 'hono/aws-lambda';
import { createLambdaApp } from './lambda-app.ts';

// Module scope: configured and connected once per cold start, reused by every invocation.
const app = createLambdaApp(process.env);

/** Cases and consultation requests: intake, lists, reads, withdrawals, status reports, transfers and the event feed. */
export const handler = handle(app);
