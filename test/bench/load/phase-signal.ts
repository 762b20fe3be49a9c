import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { AwsClients } from '../../../functions/adapters/aws-clients.ts';
import { countAwsCalls } from '../../support/aws-calls.ts';

/** The bench server's own path (not the API's): how many requests it is still working on, as `{ inFlight }`. */
export const BENCH_IN_FLIGHT_PATH = '/__bench/in-flight';

/** The line the server prints when a phase ends: the storage calls it made during the phase, as JSON. */
export const PHASE_CALLS_PREFIX = 'phase-calls ';

/**
 * Phases of the benchmark as the server process sees them: the harness sends SIGUSR2 when a phase
 * starts and again when it ends. At the start the storage-call counter is reset (and, with
 * `profileDir`, a V8 CPU profile starts); at the end the server prints {@link PHASE_CALLS_PREFIX} and
 * the calls it made (the API's, the relay's and the rate limiter's) and writes
 * `<profileDir>/phase-<n>.cpuprofile` (summarise it with `node test/bench/load/profile-summary.ts`).
 */
export function markPhasesOnSignal(clients: AwsClients, profileDir?: string): void {
  const counter = countAwsCalls(clients);
  const session = profileDir ? new Session() : undefined;
  session?.connect();
  let running = false;
  let phase = 0;
  let busy: Promise<void> = Promise.resolve();
  process.on('SIGUSR2', () => {
    busy = busy.then(async () => {
      if (!running) {
        running = true;
        counter.reset();
        if (!session) return;
        await session.post('Profiler.enable');
        // 1 ms sampling: fine enough for a 20 s phase, light enough not to change it.
        await session.post('Profiler.setSamplingInterval', { interval: 1000 });
        await session.post('Profiler.start');
        return;
      }
      running = false;
      phase += 1;
      console.log(`${PHASE_CALLS_PREFIX}${JSON.stringify(counter.counts())}`);
      if (!session || !profileDir) return;
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(profileDir, `phase-${phase}.cpuprofile`), JSON.stringify(profile));
    });
  });
}
