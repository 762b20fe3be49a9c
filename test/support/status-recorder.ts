import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { inject } from 'vitest';
import { DOCUMENT_FILE, isUndescribed, mergeRecords, type StatusRecord, templateOf } from './status-coverage.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test apps write the answers they gave (status-coverage.ts); the global setup checks them at the end. */
    statusRecordDir: string;
  }
}

/**
 * Makes the app record every answer it gives, through `app.request` and its socket alike (both go through
 * `app.fetch`). `flush` writes them, mapped to the document's route templates, into a file of its own in
 * the run's record folder, so that parallel workers never write the same file. Call it before closing.
 */
// biome-ignore lint/suspicious/noExplicitAny: any app's environment
export function recordStatuses(app: OpenAPIHono<any>): { flush(): Promise<void> } {
  const original = app.fetch;
  const seen = new Map<string, number>();
  app.fetch = async (request: Request, ...rest: unknown[]) => {
    const response = await (original as (r: Request, ...x: unknown[]) => Promise<Response>)(request, ...rest);
    const key = `${request.method} ${new URL(request.url).pathname} ${response.status}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return response;
  };
  return {
    async flush() {
      if (seen.size === 0) return;
      const document = (await (await original(new Request('http://localhost/openapi.json'))).json()) as Parameters<typeof templateOf>[0];
      const records: StatusRecord[] = [];
      for (const [key, count] of seen) {
        const [method = '', path = '', status = ''] = key.split(' ');
        if (isUndescribed(path)) continue;
        records.push({ method, template: templateOf(document, path), status: Number(status), count });
      }
      const dir = inject('statusRecordDir');
      writeFileSync(join(dir, `calls-${process.pid}-${randomUUID()}.json`), JSON.stringify(mergeRecords(records)));
      // Every test app serves the same document; the first to finish leaves it for the check ('wx': never two writers).
      try {
        writeFileSync(join(dir, DOCUMENT_FILE), JSON.stringify(document), { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      seen.clear();
    },
  };
}
