import { assertNodeVersion } from '../functions/entry/local/node-version.ts';

// Every worker checks too: a test file run on an old Node fails with the one clear sentence.
assertNodeVersion();
