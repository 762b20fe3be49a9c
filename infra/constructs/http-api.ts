import { CfnOutput, Stack } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Permission } from '../../functions/core/permissions.ts';
import { publicRoutes, type RouteGroup, routesOf } from '../../functions/core/route-groups.ts';

/** Requests per second (steady) and burst of a route: API Gateway answers 429 above it, before any Lambda runs. */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * The ceiling of each route, per stage and across all clients (the per-client limit is the
 * application's). Writes that start work are the lowest; a centre worker's lease and settle calls come
 * in bursts of its batch; administrators and the public pages need little.
 */
export function throttleOf(group: RouteGroup, method: string, path: string): Throttle {
  if (group === 'operations') return { rateLimit: 20, burstLimit: 40 };
  if (group === 'admin') return { rateLimit: 5, burstLimit: 10 };
  if (group === 'centre-work') return { rateLimit: 50, burstLimit: 100 };
  if (method === 'POST' && /^\/v1\/(cases|consultations)$/.test(path)) return { rateLimit: 25, burstLimit: 50 };
  return { rateLimit: 50, burstLimit: 100 };
}

/** The catch-all: every path no route names (unknown paths, other methods). */
export const DEFAULT_ROUTE_THROTTLE: Throttle = { rateLimit: 10, burstLimit: 20 };

/**
 * The HTTP API: each route of the permission table goes to its group's function (GET routes answer HEAD
 * too), the public routes to the operations function, and `$default` (every other path and method) to
 * the operations function as well, which answers it with the same problem+json (401 before anything for
 * /v1, then 404 or 405) as the application does everywhere.
 */
export class ExchangeHttpApi extends Construct {
  readonly api: HttpApi;
  readonly routeKeys: string[] = [];

  constructor(scope: Construct, id: string, props: { name: string; functions: Record<RouteGroup, LambdaFunction> }) {
    super(scope, id);
    const integrations = Object.fromEntries(
      Object.entries(props.functions).map(([group, fn]) => [group, new HttpLambdaIntegration(`${group}-integration`, fn)]),
    ) as Record<RouteGroup, HttpLambdaIntegration>;
    this.api = new HttpApi(this, 'api', {
      apiName: props.name,
      defaultIntegration: integrations.operations,
      createDefaultStage: true,
    });
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const routes: HttpRoute[] = [];
    const add = (group: RouteGroup, method: HttpMethod, path: string) => {
      const route = new HttpRoute(this, `${method} ${path}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(path, method),
        integration: integrations[group],
      });
      const throttle = throttleOf(group, method, path);
      const key = `${method} ${path}`;
      this.routeKeys.push(key);
      settings[key] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
      routes.push(route);
    };
    const addRoute = (group: RouteGroup, route: Pick<Permission, 'method' | 'path'>) => {
      add(group, route.method === 'GET' ? HttpMethod.GET : HttpMethod.POST, route.path);
      if (route.method === 'GET') add(group, HttpMethod.HEAD, route.path);
    };
    for (const group of ['requests', 'centre-work', 'admin'] as const) for (const route of routesOf(group)) addRoute(group, route);
    for (const route of publicRoutes) addRoute('operations', route);
    settings.$default = { ThrottlingRateLimit: DEFAULT_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_ROUTE_THROTTLE.burstLimit };

    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    // Route settings name routes by key: CloudFormation must create the routes first.
    for (const route of routes) stage.node.addDependency(route);
    stage.addPropertyOverride('RouteSettings', settings);
    stage.addPropertyOverride('DefaultRouteSettings', {
      ThrottlingRateLimit: DEFAULT_ROUTE_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_ROUTE_THROTTLE.burstLimit,
    });
    // A stable output name (README, scripts: `OutputKey=='ApiUrl'`), exported as `<stack name>-ApiUrl`.
    const url = new CfnOutput(this, 'ApiUrl', {
      value: this.api.apiEndpoint,
      description: "The API's base URL",
      exportName: `${Stack.of(this).stackName}-ApiUrl`,
    });
    url.overrideLogicalId('ApiUrl');
  }
}
