import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { createPowertoolsMetrics } from '../adapters/powertools-metrics.ts';
import type { RouteGroup } from '../core/route-groups.ts';
import { createLambdaApp, type LambdaAppOptions } from './lambda-app.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/**
 * The handler of one route group's function behind the HTTP API (payload format 2.0). The app is built
 * once per cold start; the build starts at module load, so the key ring is read during Lambda's init
 * phase. A failed build (Secrets Manager unreachable, say) is not kept: the next invocation tries again.
 * The counters of each invocation are written (EMF) when it ends, whatever its outcome.
 */
export function lambdaHttpHandler(
  routeGroup: RouteGroup,
  options: Pick<LambdaAppOptions, 'compose' | 'readKeyRing' | 'verifiesCheckpoints'>,
  env: Record<string, string | undefined> = process.env,
): HttpHandler {
  const metrics = createPowertoolsMetrics(env.POWERTOOLS_SERVICE_NAME ?? 'rueckkehr-exchange');
  let ready: Promise<HttpHandler> | undefined;
  const build = (): Promise<HttpHandler> => {
    ready ??= createLambdaApp(env, { ...options, routeGroup, metrics })
      .then((app) => handle(app) as unknown as HttpHandler)
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };
  // Started now, awaited by the first invocation; its failure is reported there, not as an unhandled rejection.
  build().catch(() => undefined);
  return async (event, context) => {
    try {
      return await (await build())(event, context);
    } finally {
      metrics.flush();
    }
  };
}
