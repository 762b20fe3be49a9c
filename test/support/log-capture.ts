import type { Logger } from '../../functions/core/ports/logger.ts';

/**
 * A logger that keeps every line it is given, as the JSON a log shipper would see, so that a test can
 * search the whole output (for personal data, for example).
 * @returns `{ logger, lines }`: pass `logger` to createTestApp; `lines` grows with every call.
 */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...extra }));
  };
  return { logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') }, lines };
}
