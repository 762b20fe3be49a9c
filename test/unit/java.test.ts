import { describe, expect, it } from 'vitest';
import { assertJava, JavaMissingError, parseJavaMajor } from '../../functions/entry/local/java.ts';

describe('java check', () => {
  it('reads modern and legacy version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('garbage')).toBeUndefined();
  });

  it('stops with one sentence that says what to install when java is missing', () => {
    expect(() => assertJava('java-that-does-not-exist')).toThrow(JavaMissingError);
    expect(() => assertJava('java-that-does-not-exist')).toThrow(/Java 17 or newer is required.*install/);
  });

  it('accepts the java of this machine', () => {
    expect(() => assertJava()).not.toThrow();
  });
});
