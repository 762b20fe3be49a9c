import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; `undefined` off Linux or when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds so far of each named process, to pass to {@link cpuUsedSince}. */
export function cpuSnapshot(pids: Record<string, number>): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
}

/** CPU seconds each named process used since `snapshot` (processes measured at both ends only), to 0.01 s. */
export function cpuUsedSince(pids: Record<string, number>, snapshot: Record<string, number | undefined>): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const start = snapshot[name];
    const end = cpuSeconds(pid);
    if (start !== undefined && end !== undefined) used[name] = Math.round((end - start) * 100) / 100;
  }
  return used;
}
