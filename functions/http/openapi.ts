import type { OpenAPIHono } from '@hono/zod-openapi';
import { ProblemSchema, problemCatalogue, problemKinds, problemTypeUri } from '../../schemas/problem.ts';
import { roleScopes } from '../core/permissions.ts';

const problemTable = problemKinds
  .map((kind) => `| \`${problemTypeUri(kind)}\` | ${problemCatalogue[kind].status} | ${problemCatalogue[kind].title} |`)
  .join('\n');

const description = `Exchange between the foreigners' authorities (Ausländerbehörden) of Lower Saxony and the return
counselling centres of the Landesaufnahmebehörde Niedersachsen (Braunschweig, Osnabrück).

## JSON and HTTP
Bodies are JSON in UTF-8 and I-JSON (RFC 7493): a \`charset\` other than \`utf-8\` is 415; bytes that are
not UTF-8, a lone surrogate (raw or \`\\u\`-escaped), a member name twice in one object at any depth and a
\`__proto__\` member are 400. A known path called with another method is 405 with \`Allow\`; header
fields over 16 KiB in all are 431; a body over 256 KiB is 413 and closes the connection. An id that cannot
exist (over 64 characters) is 404, like an unknown one.

## Data as German authorities hold it
Names of persons are DIN 91379 data type A (its Latin letters and letter sequences and the non-letters
N1), NFC-normalised, with at least one letter; places, contacts, file numbers and other short strings
are data type B (adds N2); free text is data type C. \`dateOfBirth\` may be partly known (\`YYYY-MM\`,
\`YYYY\`; legacy zeros \`1990-00-00\` are answered as \`1990\`), and a person who could be under 18 is a
minor. Languages are compared and stored in canonical BCP 47 form; e-mail addresses may be
internationalised (RFC 6531); file numbers are compared after NFC, trimming, collapsing spaces and case
folding. Dates that contradict each other are 422.

## Problem types
Every error is \`application/problem+json\` (RFC 9457). Switch on \`type\`; each URI resolves to its description.

| type | status | title |
|---|---|---|
${problemTable}
`;

/** The OpenAPI 3.1 document settings; paths and schemas come from the zod route definitions. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Rückkehr-Exchange API', version: '0.1.0', description },
  tags: [
    { name: 'Operations', description: 'Health, API description and problem types' },
    { name: 'Cases', description: 'Fallübergabe: municipalities hand over the cases of people obliged to leave' },
    { name: 'Consultations', description: 'Beratungsanfragen: requests for return counselling, also for people not obliged to leave' },
    { name: 'Centre work', description: 'Counselling centres pull their assigned work with leases and settle it (ack, release, extend)' },
    { name: 'Administration', description: 'Operational status of the centre queues and repairs (administrators only)' },
    { name: 'Events', description: 'The municipality\u2019s feed of status changes, transfers and withdrawals of its requests' },
    { name: 'Routing', description: 'Which centre an authority\u2019s requests go to: the versioned routing table' },
    { name: 'Local token issuer', description: 'Only in the local stack (`npm start`): tokens for the demo clients' },
  ],
};

export const SECURITY_SCHEME = 'clientCredentials';

/** Registers the components every document carries, whether or not a route refers to them yet. */
// biome-ignore lint/suspicious/noExplicitAny: the registry does not depend on the app's environment type
export function registerCommonComponents(app: OpenAPIHono<any>, tokenUrl: string): void {
  app.openAPIRegistry.register('Problem', ProblemSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'oauth2',
    description:
      'OAuth2 client credentials. Every client is registered with one role; a token must carry the scope of that role. Send `Authorization: Bearer <access token>`.',
    flows: {
      clientCredentials: {
        tokenUrl,
        scopes: {
          [roleScopes.municipality]: 'Foreigners\u2019 authority: hand over cases and consultation requests, follow their status',
          [roleScopes.centre]: 'Counselling centre: pull assigned work, report status, transfer',
          [roleScopes.admin]: 'Administrator: exchange log and operational status, never personal data',
        },
      },
    },
  });
}
