import type { LoadRecorder } from './load-result.ts';

/** What a baseline worker uses to report: time one storage step (one HTTP request's worth of calls), count units. */
export interface Probe {
  time<T>(step: () => Promise<T>): Promise<T>;
  done(units?: number): void;
}

/**
 * The baseline's load generator: `connections` concurrent loops, each running `iteration` (the same
 * storage calls the API makes for one pass of the scenario) until `durationSeconds` have passed, into
 * `recorder` (which counts only inside its measured windows).
 */
export async function runSdkLoad(
  iteration: (probe: Probe, worker: number) => Promise<void>,
  options: { connections: number; durationSeconds: number },
  recorder: LoadRecorder,
): Promise<void> {
  const probe: Probe = {
    async time(step) {
      const started = performance.now();
      try {
        return await step();
      } finally {
        recorder.latency(performance.now() - started);
      }
    },
    done: (units = 1) => recorder.done(units),
  };
  const started = performance.now();
  const end = started + options.durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async (_, worker) => {
      while (performance.now() < end) {
        try {
          await iteration(probe, worker);
        } catch (error) {
          recorder.error((error as Error).name);
        }
      }
    }),
  );
}
