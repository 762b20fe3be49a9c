import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Ends a DynamoDB Local left running by a crashed start. The pid is only trusted when the process
 * still runs the DynamoDB Local jar, so a recycled pid of another program is never killed.
 */
export function killStaleProcess(pidFile: string, marker = 'DynamoDBLocal.jar'): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return false;
  }
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let commandLine = '';
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // No /proc (macOS) or no such process: fall back to asking the process itself.
    try {
      process.kill(pid, 0);
      commandLine = marker;
    } catch {
      return false;
    }
  }
  if (!commandLine.includes(marker)) return false;
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

export function writePidFile(pidFile: string, pid: number): void {
  writeFileSync(pidFile, `${pid}\n`);
}

export function removePidFile(pidFile: string): void {
  rmSync(pidFile, { force: true });
}
