import type { Context } from 'hono';
import type { ExchangeLogEntry } from '../core/ports/exchange-log.ts';
import type { AppEnv } from './env.ts';

/** A log entry for the current request: a fresh id, the time and the request id filled in. */
export function logEntry(
  c: Context<AppEnv>,
  fields: Omit<ExchangeLogEntry, 'id' | 'at' | 'requestId'>,
  now: () => Date = () => new Date(),
): ExchangeLogEntry {
  return { id: crypto.randomUUID(), at: now().toISOString(), requestId: c.get('requestId'), ...fields };
}
