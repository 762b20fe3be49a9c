/**
 * The token URL of an OpenAPI document rendered before the deployment's identity provider is known
 * (at bundle time): a placeholder, replaced when the document is served.
 */
export const TOKEN_URL_PLACEHOLDER = 'https://token-url.invalid/oauth2/token';

/** The document (JSON text) with the deployment's token URL in place of the placeholder. */
export function withTokenUrl(documentJson: string, tokenUrl: string): string {
  // JSON-escaped on both sides, so a URL with quotes or backslashes cannot break the document.
  return documentJson.replaceAll(JSON.stringify(TOKEN_URL_PLACEHOLDER), JSON.stringify(tokenUrl));
}

/**
 * The origin of an OpenAPI document rendered before the host is known (at bundle time), in `servers`:
 * a placeholder, replaced by the origin the document is served from.
 */
export const ORIGIN_PLACEHOLDER = 'https://api-origin.invalid';

/** The document (JSON text) with the serving origin (`https://host`, no trailing slash) in `servers`. */
export function withOrigin(documentJson: string, origin: string): string {
  return documentJson.replaceAll(JSON.stringify(ORIGIN_PLACEHOLDER), JSON.stringify(origin));
}
