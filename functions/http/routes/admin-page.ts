import { Hono } from 'hono';
import { adminPageHtml } from '../admin-page/page-html.ts';
import { ADMIN_SCRIPT } from '../admin-page/page-script.ts';
import { ADMIN_CSS } from '../admin-page/page-style.ts';

/**
 * `/admin`: the administrators' web page over the audit and admin endpoints. Its script and style are
 * files of their own, so the app's Content-Security-Policy (default-src 'self') needs no 'unsafe-inline';
 * it loads nothing from elsewhere. The page holds no data: everything comes over the API with a token.
 */
export function adminPageRoutes(tokenUrl: string) {
  const app = new Hono();
  const html = adminPageHtml(tokenUrl);
  // The page is static; `no-store` keeps a shared machine's browser from keeping what the script filled in.
  app.get('/admin', (c) => c.html(html, 200, { 'Cache-Control': 'no-store' }));
  app.get('/admin/admin.js', (c) => c.body(ADMIN_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/admin/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  return app;
}
