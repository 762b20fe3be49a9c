import type { Json, JsonObject } from './fixtures.ts';

/** A path into a JSON value: member names and array indexes. */
export type JsonPath = (string | number)[];

const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Paths of every member of every object (at any depth), for renaming or duplicating one. */
export function memberPaths(value: Json, prefix: JsonPath = []): JsonPath[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => memberPaths(item, [...prefix, index]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([name, member]) => [[...prefix, name], ...memberPaths(member, [...prefix, name])]);
}

/** Paths of every string value, at any depth. */
export function stringPaths(value: Json, prefix: JsonPath = []): JsonPath[] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...prefix, index]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([name, member]) => stringPaths(member, [...prefix, name]));
}

/** A copy of `root` with the value at `path` replaced. */
export function setAt(root: Json, path: JsonPath, value: Json): Json {
  if (path.length === 0) return value;
  const [step, ...rest] = path as [string | number, ...JsonPath];
  if (Array.isArray(root)) return root.map((item, index) => (index === step ? setAt(item, rest, value) : item));
  if (!isObject(root)) return root;
  return Object.fromEntries(Object.entries(root).map(([name, member]) => [name, name === step ? setAt(member, rest, value) : member]));
}

/** A copy of `root` with the member at `path` renamed (keeping its place among the members). */
export function renameAt(root: Json, path: JsonPath, newName: string): Json {
  const parent = path.slice(0, -1);
  const name = path.at(-1);
  const rename = (object: Json): Json =>
    isObject(object) ? Object.fromEntries(Object.entries(object).map(([key, member]) => [key === name ? newName : key, member])) : object;
  if (parent.length === 0) return rename(root);
  return setAt(root, parent, rename(getAt(root, parent)));
}

/** The value at `path`. */
export function getAt(root: Json, path: JsonPath): Json {
  return path.reduce<Json>((value, step) => (value as Record<string | number, Json>)[step] as Json, root);
}

/**
 * JSON text of `root` in which the member at `path` occurs twice: first with `first`, then with its
 * own value (what JSON.parse would silently keep). No JSON.stringify can write that.
 */
export function withDuplicateMember(root: Json, path: JsonPath, first: Json): string {
  const write = (value: Json, at: JsonPath): string => {
    if (Array.isArray(value)) return `[${value.map((item, index) => write(item, [...at, index])).join(',')}]`;
    if (!isObject(value)) return JSON.stringify(value);
    const members = Object.entries(value).flatMap(([name, member]) => {
      const own = `${JSON.stringify(name)}:${write(member, [...at, name])}`;
      const here = at.length === path.length - 1 && at.every((step, i) => step === path[i]) && name === path.at(-1);
      return here ? [`${JSON.stringify(name)}:${JSON.stringify(first)}`, own] : [own];
    });
    return `{${members.join(',')}}`;
  };
  return write(root, []);
}
