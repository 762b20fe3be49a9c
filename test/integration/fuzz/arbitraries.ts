import fc from 'fast-check';
import { fullCase, type Json, minimalConsultation } from '../../support/fixtures.ts';
import { getAt, type JsonPath, memberPaths, renameAt, setAt, stringPaths, withDuplicateMember } from '../../support/json-paths.ts';
import { minimalCase } from '../../support/requests.ts';

/** The generators of the edge fuzz test: bodies built from the contract's and a full case, and their mutations. */

/** Personal values: a capitalised made-up word, unlike anything an error message says. */
export const marker = fc.stringMatching(/^Q[a-z]{8,11}$/);

export const KINDS = ['case', 'full', 'consultation', 'withdraw'] as const;
export type Kind = (typeof KINDS)[number];
export const PATHS: Record<Kind, string> = {
  case: '/v1/cases',
  full: '/v1/cases',
  consultation: '/v1/consultations',
  withdraw: '/v1/cases/{id}/withdraw',
};

/** A body as a municipality sends it, its personal fields carrying the five markers. */
export function bodyOf(kind: Kind, m: string[]): Json {
  const person = { familyName: m[0], givenNames: m[1], birthName: m[2], placeOfBirth: m[3] } as Record<string, string>;
  const personal = { person, contact: { name: `Frau ${m[4]}`, email: `${m[4]?.toLowerCase()}@example.org` }, notes: `Notiz zu ${m[2]}` };
  if (kind === 'case') return minimalCase(personal);
  if (kind === 'full') return fullCase({ ...personal, municipalReference: `AZ ${m[0]}` });
  if (kind === 'consultation') return minimalConsultation({ person, notes: personal.notes });
  return { reason: `Rücknahme ${m[0]}` };
}

export const markers = fc.array(marker, { minLength: 5, maxLength: 5 });
export const baseBody = fc
  .tuple(fc.constantFrom(...KINDS), markers)
  .map(([kind, m]) => ({ kind, body: bodyOf(kind, m), path: PATHS[kind], markers: m }));

export const weirdString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('\ud800', '\udfff', '\u0000', '\u202E', 'x'.repeat(5000), '1990-00-00', '--', '\u0301', '', ' '),
);

export type Mutation = (body: Json) => string | Uint8Array;
export const json = (body: Json) => JSON.stringify(body);

/** One change to a valid body: a value, a member name, the structure, the text or the bytes. */
export function mutation(body: Json): fc.Arbitrary<Mutation> {
  const members = memberPaths(body);
  const strings = stringPaths(body);
  const anyPath = fc.constantFrom(...members) as fc.Arbitrary<JsonPath>;
  const setValue = fc.tuple(anyPath, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>).map(
    ([p, v]): Mutation =>
      (b) =>
        json(setAt(b, p, v)),
  );
  const setString = fc.tuple(fc.constantFrom(...strings) as fc.Arbitrary<JsonPath>, weirdString).map(
    ([p, v]): Mutation =>
      (b) =>
        json(setAt(b, p, v)),
  );
  const rename = fc.tuple(anyPath, weirdString).map(
    ([p, name]): Mutation =>
      (b) =>
        json(renameAt(b, p, name)),
  );
  const duplicate = fc.tuple(anyPath, fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>).map(
    ([p, v]): Mutation =>
      (b) =>
        withDuplicateMember(b, p, v),
  );
  const remove = anyPath.map(
    (p): Mutation =>
      (b) =>
        json(setAt(b, p.slice(0, -1), removeMember(getAt(b, p.slice(0, -1)), p.at(-1)))),
  );
  const truncate = fc.nat().map(
    (n): Mutation =>
      (b) =>
        json(b).slice(0, n % (json(b).length + 1)),
  );
  const insertBytes = fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(
    ([n, bytes]): Mutation =>
      (b) => {
        const encoded = new TextEncoder().encode(json(b));
        const at = n % (encoded.length + 1);
        return new Uint8Array([...encoded.slice(0, at), ...bytes, ...encoded.slice(at)]);
      },
  );
  const replaced = (fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>).map(
    (v): Mutation =>
      () =>
        json(v),
  );
  // Few bodies stay valid (a dropped optional member, a string that is still allowed): their writes are
  // slow, and the intake tests cover them.
  return fc.oneof(
    ...[setValue, setString, rename, duplicate, truncate, insertBytes, replaced].map((arbitrary) => ({ weight: 10, arbitrary })),
    { weight: 1, arbitrary: remove },
  );
}

function removeMember(object: Json, name: string | number | undefined): Json {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return object;
  return Object.fromEntries(Object.entries(object).filter(([key]) => key !== name));
}

export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json ; charset="UTF-8"',
      'application/json; charset=iso-8859-1',
      'text/plain',
      'application/json;;',
      'application/problem+json',
      'multipart/form-data; boundary=x',
      '',
      'application/json; charset=utf-16',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).filter(isByteString) },
);

export const idempotencyKey = fc.oneof(
  { weight: 8, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '', ' ', 'k'.repeat(256), 'äöü') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }).filter(isByteString) },
);

/** Header values must be byte strings without NUL or line breaks, or no client could send them. */
export function isByteString(value: string): boolean {
  return /^[\t\x20-\x7E\x80-\xFF]*$/.test(value);
}

export const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }).filter(isByteString),
  fc.integer({ min: 0, max: 40_000 }).map((n) => 'h'.repeat(n)),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', '\u00e4\u00f6\u00fc'),
);
