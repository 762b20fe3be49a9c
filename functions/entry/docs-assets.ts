import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocsAssetReader } from '../http/routes/docs.ts';

/**
 * Serves Swagger UI's files from the swagger-ui-dist package (copied next to the Lambda bundle by the
 * stack). Resolved on the first request, not at start: a missing package costs the docs page, never
 * the API.
 */
export function swaggerUiAssets(): DocsAssetReader {
  const cache = new Map<string, string>();
  let dir: string | undefined;
  return async (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    try {
      dir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
      const content = await readFile(join(dir, name), 'utf8');
      cache.set(name, content);
      return content;
    } catch {
      return undefined;
    }
  };
}
