import { spawnSync } from 'node:child_process';

export const MIN_JAVA = 17;

/** Thrown when DynamoDB Local cannot run because Java is missing or too old. */
export class JavaMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JavaMissingError';
  }
}

/** Reads the major version out of `java -version` output ("17.0.15", "1.8.0_392", "21"). */
export function parseJavaMajor(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  // Java 8 and older report themselves as 1.x.
  return first === 1 ? Number(match[2]) : first;
}

/** Fails at once, in one sentence, when `java` is absent or older than 17. */
export function assertJava(command = 'java'): void {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new JavaMissingError(
      `Java ${MIN_JAVA} or newer is required for DynamoDB Local but no \`java\` was found: install a JDK or JRE ${MIN_JAVA}+ (e.g. \`apt-get install openjdk-17-jre-headless\`) and try again.`,
    );
  }
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major === undefined || major < MIN_JAVA) {
    throw new JavaMissingError(
      `Java ${MIN_JAVA} or newer is required for DynamoDB Local but \`java\` is version ${major ?? 'unknown'}: install a JDK or JRE ${MIN_JAVA}+ and put it first on PATH.`,
    );
  }
}
