import type { Logger } from '../../core/ports/logger.ts';

/**
 * The local stand-in for the scheduled relay Lambda: one pass every interval, never two at once, and
 * `stop()` waits for a running pass so that shutdown never cuts a send in half.
 */
export function startRelay(pass: () => Promise<Record<string, number>>, intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      .then((result) => {
        if (Object.values(result).some((n) => n > 0)) logger.info('outbox relay pass', { ...result });
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
