import type { OutboxDispatcher } from '../../core/outbox/outbox-dispatcher.ts';
import type { Logger } from '../../core/ports/logger.ts';

/**
 * The local stand-in for the scheduled relay Lambda: one pass every interval, never two at once, and
 * `stop()` waits for a running pass so that shutdown never cuts a send in half.
 */
export function startRelay(dispatcher: OutboxDispatcher, intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = dispatcher
      .relay()
      .then((result) => {
        if (result.sent + result.failed > 0) logger.info('outbox relay pass', { ...result });
      })
      .catch((error: Error) => logger.warn('outbox relay pass failed', { error: error.name }))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
