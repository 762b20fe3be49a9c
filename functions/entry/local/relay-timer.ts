import type { Logger } from '../../core/ports/logger.ts';

/**
 * The local stand-in for the scheduled relay Lambda: one pass every interval, never two at once, and
 * `stop()` waits for a running pass so that shutdown never cuts a send in half.
 */
export function startRelay(pass: () => Promise<Record<string, number>>, intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  let stopping = false;
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      .then((result) => {
        if (Object.values(result).some((n) => n > 0)) logger.info('outbox relay pass', { ...result });
      })
      // On Ctrl-C the terminal signals the stores too: a pass they cut short then is no news.
      .catch((error: Error) => stopping || logger.warn('outbox relay pass failed', { error: error.name }))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await running;
    },
  };
}
