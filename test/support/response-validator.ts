import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import validator from 'validator';
import { templateOf } from './status-coverage.ts';

type Document = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> };

/**
 * Validates real answers against the response schema the document gives for their operation and status
 * (JSON Schema 2020-12 with formats, as an integrator's ajv would), so that the document's response side
 * is checked against what the server says, not against itself.
 */
export function responseValidator(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajvFormats.default(ajv);
  // ajv-formats has no idn-email (RFC 6531); the server checks it with validator.js, so this does too.
  ajv.addFormat('idn-email', (value: string) => validator.isEmail(value, { allow_utf8_local_part: true }));
  ajv.addSchema({ ...document, $id: 'https://document.invalid/openapi.json' });
  const pointerPart = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');

  /**
   * The validation errors of one answer (empty when it fits); an answer whose status or media type the
   * document does not list for the operation is an error too.
   */
  return async function errorsOf(method: string, path: string, response: Response): Promise<unknown[]> {
    const template = templateOf(document, new URL(path, 'http://x').pathname);
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const declared = template ? document.paths[template]?.[method.toLowerCase()]?.responses?.[String(response.status)] : undefined;
    if (!declared?.content?.[mediaType]) return [`${method} ${template ?? path} ${response.status} ${mediaType}: not in the document`];
    const pointer = `#/paths/${pointerPart(template as string)}/${method.toLowerCase()}/responses/${response.status}/content/${pointerPart(mediaType)}/schema`;
    const validate =
      ajv.getSchema(`https://document.invalid/openapi.json${pointer}`) ??
      ajv.compile({ $ref: `https://document.invalid/openapi.json${pointer}` });
    const body = await response.clone().json();
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${method} ${template} ${response.status}: ${e.instancePath} ${e.message}`);
  };
}
