import type { OpenAPIHono } from '@hono/zod-openapi';
import { ProblemSchema, problemCatalogue, problemKinds, problemTypeUri } from '../../schemas/problem.ts';

const problemTable = problemKinds
  .map((kind) => `| \`${problemTypeUri(kind)}\` | ${problemCatalogue[kind].status} | ${problemCatalogue[kind].title} |`)
  .join('\n');

const description = `Exchange between the foreigners' authorities (Ausländerbehörden) of Lower Saxony and the return
counselling centres of the Landesaufnahmebehörde Niedersachsen (Braunschweig, Osnabrück).

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
  tags: [{ name: 'Operations', description: 'Health, API description and problem types' }],
};

/** Registers the components every document carries, whether or not a route refers to them yet. */
export function registerCommonComponents(app: OpenAPIHono): void {
  app.openAPIRegistry.register('Problem', ProblemSchema);
}
