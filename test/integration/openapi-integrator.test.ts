import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import validator from 'validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIds } from '../../functions/http/openapi-finish.ts';
import { redoclyLint } from '../support/redocly-lint.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown> };
interface OpenApi {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/** JSON pointers (RFC 6901) of every schema object with an `example`, anywhere in the document. */
function schemasWithExamples(node: unknown, pointer = ''): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const here = !Array.isArray(node) && 'example' in node && ('type' in node || '$ref' in node || 'enum' in node) ? [pointer] : [];
  return [
    ...here,
    ...Object.entries(node).flatMap(([key, value]) =>
      key === 'example' || key === 'examples'
        ? []
        : schemasWithExamples(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    ),
  ];
}

const at = (document: unknown, pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);

describe('the OpenAPI document as integrators use it (Redocly, ajv, generated clients)', () => {
  let t: TestApp;
  let document: OpenApi;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await (await fetch(`${t.base}/openapi.json`)).json()) as OpenApi;
  });
  afterAll(() => t.close());

  it('passes `redocly lint --extends recommended` without an error', async () => {
    const errors = (await redoclyLint(document)).filter((p) => p.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('names the serving host in servers', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: t.base })]);
  });

  it('gives every operation its stable, unique operationId and marks the public ones security: []', () => {
    const seen: string[] = [];
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.operationId, `${method} ${path}`).toBe(operationIds[`${method.toUpperCase()} ${path}`]);
        seen.push(operation.operationId as string);
        if (!path.startsWith('/v1/')) expect(operation.security, `${method} ${path}`).toEqual([]);
        else expect(operation.security, `${method} ${path}`).not.toEqual([]);
      }
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('documents 503 (identity provider or stores down) on every operation under /v1', () => {
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        if (path.startsWith('/v1/')) expect(Object.keys(operation.responses), `${method} ${path}`).toContain('503');
  });

  it('has only patterns that are plain ECMA-262 regular expressions, without flags written into them', () => {
    const patterns = JSON.stringify(document).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(patterns.length).toBeGreaterThan(0);
    for (const entry of patterns) {
      const pattern = JSON.parse(`{${entry}}`).pattern as string;
      expect(pattern, pattern).not.toMatch(/\/[gimsuyv]+$/);
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
  });

  it('has examples that each validate against their own schema (JSON Schema 2020-12, with formats)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    // ajv-formats has no idn-email (RFC 6531); the server checks it with validator.js, so the test does too.
    ajv.addFormat('idn-email', (value: string) => validator.isEmail(value, { allow_utf8_local_part: true }));
    ajv.addSchema({ ...document, $id: 'https://document.invalid/openapi.json' });
    const pointers = schemasWithExamples(document);
    expect(pointers.length).toBeGreaterThan(10);
    const failures = pointers.flatMap((pointer) => {
      const validate = ajv.compile({ $ref: `https://document.invalid/openapi.json#${pointer}` });
      const example = (at(document, pointer) as { example: unknown }).example;
      return validate(example) ? [] : [{ pointer, example, errors: validate.errors }];
    });
    expect(failures).toEqual([]);
  });
});
