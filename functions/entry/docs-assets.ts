import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocsAssetReader } from '../http/routes/docs.ts';

/** Serves Swagger UI's files from the swagger-ui-dist package (bundled into the Lambda as a node module). */
export function swaggerUiAssets(): DocsAssetReader {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, string>();
  return async (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    try {
      const content = await readFile(join(dir, name), 'utf8');
      cache.set(name, content);
      return content;
    } catch {
      return undefined;
    }
  };
}
