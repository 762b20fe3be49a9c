import { renderOpenApiDocument } from '../http/openapi-document.ts';
import { TOKEN_URL_PLACEHOLDER } from '../http/openapi-token-url.ts';

/**
 * The OpenAPI document (JSON text, token URL as a placeholder). Bundled, this module is replaced by the
 * rendered text (infra/bundle/bundle-function.ts), so the operations function neither imports the
 * other route groups nor builds their schemas; run from source, it renders the document here.
 */
const document: string = await renderOpenApiDocument(TOKEN_URL_PLACEHOLDER);
export default document;
