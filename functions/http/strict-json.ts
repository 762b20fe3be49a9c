import { parse as parseMediaType } from 'fast-content-type-parse';
import { type JSONPath, visit } from 'jsonc-parser';

/** Deeper nesting than any body of this API needs; refusing it keeps parsers off deep recursion. */
export const MAX_JSON_DEPTH = 64;

/** Why a body cannot be read as JSON; `detail` never quotes the body. */
export type JsonBodyProblem = { kind: 'unsupported-media-type' | 'malformed-request'; detail: string };

/**
 * Checks a Content-Type header for a JSON body: media type `application/json`, and a `charset`
 * parameter, where given, of `utf-8` (RFC 8259 section 8.1; parameters read as RFC 9110 section 8.3.1
 * says, so `application/json ; charset="UTF-8"` is fine). Answers the problem, or `undefined`.
 */
export function jsonMediaTypeProblem(header: string | undefined): JsonBodyProblem | undefined {
  const refuse = (detail: string): JsonBodyProblem => ({ kind: 'unsupported-media-type', detail });
  if (!header) return refuse('Send the body as application/json');
  let mediaType: ReturnType<typeof parseMediaType>;
  try {
    mediaType = parseMediaType(header);
  } catch {
    return refuse('The Content-Type header is not a media type; send application/json');
  }
  if (mediaType.type !== 'application/json') return refuse('Send the body as application/json');
  const charset = mediaType.parameters.charset;
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') return refuse('JSON bodies are UTF-8: send charset=utf-8 or none');
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

class JsonRefusal extends Error {}

/** A JSON Pointer (RFC 6901) to where a problem is, if every step is a plain field name or index. */
function pointer(path: JSONPath): string {
  const plain = path.every((step) => typeof step === 'number' || /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(step));
  return plain ? ` (at /${path.join('/')})` : '';
}

/**
 * Reads a request body as I-JSON (RFC 7493): valid UTF-8 (a byte order mark is ignored, RFC 8259
 * section 8.1), valid JSON, no member name twice in one object at any depth, no lone surrogate in any
 * string or member name (raw ones cannot be valid UTF-8; escaped ones like `"\ud800"` are checked
 * here), no number beyond IEEE 754 doubles, no `__proto__` member (prototype poisoning), at most
 * {@link MAX_JSON_DEPTH} levels deep.
 * Answers the parsed value, or the problem (400) with a detail that never quotes the body.
 */
export function parseStrictJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; problem: JsonBodyProblem } {
  const refuse = (detail: string) => ({ ok: false as const, problem: { kind: 'malformed-request' as const, detail } });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return refuse('The body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The engine's message quotes the body: say only what is wrong.
    return refuse('The body is not valid JSON');
  }
  try {
    checkMembers(text);
  } catch (error) {
    if (error instanceof JsonRefusal) return refuse(error.message);
    throw error;
  }
  return { ok: true, value };
}

/** Walks the (already valid) JSON text once and throws a {@link JsonRefusal} at the first I-JSON violation. */
function checkMembers(text: string): void {
  const names: Set<string>[] = [];
  let depth = 0;
  const enter = () => {
    depth += 1;
    if (depth > MAX_JSON_DEPTH) throw new JsonRefusal(`The body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  };
  const wellFormed = (value: string, path: JSONPath) => {
    if (!value.isWellFormed()) throw new JsonRefusal(`The body has a string with a lone surrogate, which is not Unicode${pointer(path)}`);
  };
  visit(text, {
    onObjectBegin: () => {
      enter();
      names.push(new Set());
    },
    onObjectEnd: () => {
      depth -= 1;
      names.pop();
    },
    onArrayBegin: () => enter(),
    onArrayEnd: () => {
      depth -= 1;
    },
    onObjectProperty: (name, _offset, _length, _line, _column, path) => {
      wellFormed(name, path());
      if (name === '__proto__') throw new JsonRefusal(`The member name __proto__ is not allowed${pointer(path())}`);
      const seen = names.at(-1);
      if (seen?.has(name)) {
        const shown = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? ` "${name}"` : '';
        throw new JsonRefusal(`The member name${shown} occurs twice in one object${pointer(path())}; I-JSON (RFC 7493) forbids that`);
      }
      seen?.add(name);
    },
    onLiteralValue: (value, _offset, _length, _line, _column, path) => {
      if (typeof value === 'string') wellFormed(value, path());
      // I-JSON section 2.2: no number beyond IEEE 754 double (1e400 would be Infinity, which no canonical form has).
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new JsonRefusal(`The body has a number beyond the range of IEEE 754 doubles${pointer(path())}`);
      }
    },
  });
}
