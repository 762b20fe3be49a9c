import type { WorkItem } from './work-api.ts';

/** Totals since the worker started, for the progress line. */
export interface WorkStats {
  leased: number;
  processed: number;
  duplicates: number;
  acked: number;
  ackFailed: number;
  released: number;
}

export const emptyStats = (): WorkStats => ({ leased: 0, processed: 0, duplicates: 0, acked: 0, ackFailed: 0, released: 0 });

/** What comes from the API is printed to a terminal: no control characters (escape sequences) get through. */
function printable(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/**
 * One line per item: its type, subject, workId and delivery count, nothing of the resource. Only with
 * `showPersonalData` the resource follows, indented: it holds names, dates of birth and the like.
 */
export function formatItem(item: WorkItem, options: { showPersonalData: boolean; duplicate?: boolean }): string {
  const line = [
    options.duplicate ? 'duplicate' : 'received',
    printable(item.type),
    `${printable(item.subject?.type)} ${printable(item.subject?.id)}`,
    `work ${printable(item.workId)}`,
    `delivery ${printable(item.deliveryCount)}`,
  ].join('  ');
  if (options.duplicate) return `${line}  (already processed: acked again, not processed again)`;
  if (!options.showPersonalData) return line;
  const resource = JSON.stringify(item.resource ?? null, null, 2)
    .split('\n')
    .map((l) => `    ${printable(l)}`)
    .join('\n');
  return `${line}\n${resource}`;
}

/** The running totals, printed after each batch. */
export function formatProgress(stats: WorkStats): string {
  return `progress: ${stats.leased} leased, ${stats.processed} processed, ${stats.duplicates} duplicates, ${stats.acked} acked, ${stats.ackFailed} ack failed, ${stats.released} released`;
}

/** A lease token that could not be settled (e.g. 409: the lease expired); the item will come again. */
export function formatSettleFailure(
  action: 'ack' | 'release',
  failure: { status: number; title: string },
  item: WorkItem | undefined,
): string {
  const what = item
    ? `work ${printable(item.workId)} (${printable(item.subject?.type)} ${printable(item.subject?.id)})`
    : 'an unknown lease token';
  return `${action} failed for ${what}: ${printable(failure.status)} ${printable(failure.title)}; it will be delivered again`;
}
