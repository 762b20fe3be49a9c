import { Hono } from 'hono';

/** Reads a file of the swagger-ui-dist package; injected so the HTTP layer stays runtime-agnostic. */
export type DocsAssetReader = (name: 'swagger-ui.css' | 'swagger-ui-bundle.js') => Promise<string | undefined>;

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Rückkehr-Exchange API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// Kept out of the page so that the Content-Security-Policy needs no 'unsafe-inline' for scripts.
const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });`;

/** `/docs`: Swagger UI over `/openapi.json`, served from the bundled swagger-ui-dist (works offline). */
export function docsRoutes(readAsset: DocsAssetReader) {
  const app = new Hono();
  app.get('/docs', (c) => c.html(page));
  app.get('/docs/init.js', (c) => c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  for (const [name, type] of [
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ] as const) {
    app.get(`/docs/${name}`, async (c) => {
      const content = await readAsset(name);
      if (content === undefined) return c.notFound();
      return c.body(content, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
    });
  }
  return app;
}
