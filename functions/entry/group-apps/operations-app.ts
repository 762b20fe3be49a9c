import { storeHealthProbe } from '../../adapters/store-health.ts';
import { operationsGroupApp } from '../../http/groups/operations-group.ts';
import { withTokenUrl } from '../../http/openapi-token-url.ts';
import { swaggerUiAssets } from '../docs-assets.ts';
import { type BaseRuntime, VERSION } from '../runtime.ts';
import { exchangeLogOf } from '../service-parts.ts';
import { shellDepsOf } from './shell-deps.ts';

/**
 * The `operations` function's app: health, docs, problem types, the catch-all. The OpenAPI document is
 * a chunk of its own, rendered at bundle time and loaded on the first GET /openapi.json.
 */
export function composeOperationsApp(runtime: BaseRuntime) {
  const exchangeLog = exchangeLogOf(runtime);
  let document: Promise<string> | undefined;
  return operationsGroupApp({
    ...shellDepsOf(runtime, exchangeLog),
    health: storeHealthProbe(runtime.clients, runtime.resources),
    version: VERSION,
    readDocsAsset: swaggerUiAssets(),
    tokenUrl: runtime.tokenUrl,
    openApiJson: () => {
      document ??= import('../openapi-prerendered.ts').then((m) => withTokenUrl(m.default, runtime.tokenUrl));
      return document;
    },
  });
}
