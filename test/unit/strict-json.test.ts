import { describe, expect, it } from 'vitest';
import { jsonMediaTypeProblem, MAX_JSON_DEPTH, parseStrictJson } from '../../functions/http/strict-json.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const detailOf = (text: string | Uint8Array) => {
  const result = parseStrictJson(typeof text === 'string' ? bytes(text) : text);
  return result.ok ? undefined : result.problem.detail;
};

describe('jsonMediaTypeProblem', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'application/json ; charset="UTF-8"', 'APPLICATION/JSON;charset=Utf-8'])(
    'accepts %j',
    (header) => {
      expect(jsonMediaTypeProblem(header)).toBeUndefined();
    },
  );

  it.each([
    [undefined, 'no header'],
    ['text/plain', 'another media type'],
    ['application/json; charset=iso-8859-1', 'Latin-1'],
    ['application/json; charset=utf-16', 'UTF-16'],
    ['application/json; charset', 'a parameter without value'],
    ['application/', 'no subtype'],
  ])('refuses %j (%s) with 415', (header, _why) => {
    expect(jsonMediaTypeProblem(header)?.kind).toBe('unsupported-media-type');
  });
});

describe('parseStrictJson', () => {
  it('parses I-JSON and ignores a byte order mark', () => {
    expect(parseStrictJson(bytes('\uFEFF{"a":[1,{"b":"ü"}]}'))).toEqual({ ok: true, value: { a: [1, { b: 'ü' }] } });
  });

  it('names a duplicate member and where it is, but never quotes values', () => {
    expect(detailOf('{"person":{"x":1,"familyName":"Geheim","familyName":"Geheim2"}}')).toBe(
      'The member name "familyName" occurs twice in one object (at /person); I-JSON (RFC 7493) forbids that',
    );
    expect(detailOf('{"a":{"Geheim Name":1,"Geheim Name":2}}')).not.toContain('Geheim');
  });

  it('refuses the same member name in two spellings (escaped and not)', () => {
    expect(detailOf('{"a":1,"\\u0061":2}')).toMatch(/twice/);
  });

  it('allows the same member name in different objects', () => {
    expect(parseStrictJson(bytes('[{"a":1},{"a":2}]')).ok).toBe(true);
  });

  it('refuses lone surrogates in values and member names, escaped', () => {
    expect(detailOf('{"a":"\\ud800"}')).toMatch(/lone surrogate/);
    expect(detailOf('{"\\udc00":1}')).toMatch(/lone surrogate/);
    expect(detailOf('["\\ud83d\\ude00"]')).toBeUndefined();
  });

  it('refuses bytes that are not UTF-8, and does not quote the body on a syntax error', () => {
    expect(detailOf(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xfc, 0x22, 0x7d]))).toBe('The body is not valid UTF-8');
    expect(detailOf('{"secret": Geheimnis}')).toBe('The body is not valid JSON');
  });

  it('refuses a number beyond the range of doubles (I-JSON), which no canonical JSON can write', () => {
    expect(detailOf('{"a":[1e400]}')).toMatch(/IEEE 754/);
    expect(detailOf('{"a":-1e309}')).toMatch(/IEEE 754/);
    expect(detailOf('{"a":1.7976931348623157e308}')).toBeUndefined();
  });

  it('refuses __proto__ at any depth', () => {
    expect(detailOf('{"__proto__":{}}')).toMatch(/__proto__/);
    expect(detailOf('{"a":[{"__proto__":1}]}')).toMatch(/__proto__/);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels instead of overflowing the stack`, () => {
    expect(detailOf(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBeUndefined();
    expect(detailOf(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toMatch(/nested deeper/);
    expect(detailOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toMatch(/nested deeper/);
  });
});
