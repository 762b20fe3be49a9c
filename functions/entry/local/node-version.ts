/** The lowest Node.js that runs the stack: fauxqs needs `node:sqlite` (22.5). */
export const MIN_NODE = [22, 5] as const;

/**
 * Stops with one clear sentence when the running Node.js is too old. npm scripts normally run on the
 * Node 24 of the `node` devDependency; this catches a skipped install script or a direct `node` call.
 */
export function assertNodeVersion(version: string = process.versions.node): void {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return;
  throw new Error(
    `Node.js ${MIN_NODE.join('.')} or newer is required (found ${version}): run the project through npm scripts after \`npm install\`, which bring Node 24, or install Node 24.`,
  );
}
