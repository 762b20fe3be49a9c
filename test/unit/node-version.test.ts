import { describe, expect, it } from 'vitest';
import { assertNodeVersion } from '../../functions/entry/local/node-version.ts';

describe('node version check', () => {
  it('refuses Node 20 and 22.4 with a sentence naming the minimum', () => {
    expect(() => assertNodeVersion('20.20.2')).toThrow(/Node\.js 22\.5 or newer is required \(found 20\.20\.2\)/);
    expect(() => assertNodeVersion('22.4.1')).toThrow(/22\.5/);
  });

  it('accepts 22.5 and later', () => {
    expect(() => assertNodeVersion('22.5.0')).not.toThrow();
    expect(() => assertNodeVersion('24.21.0')).not.toThrow();
  });
});
