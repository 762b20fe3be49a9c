import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Lambda functions of the stack and their entry files (functions/entry/). */
export const functionEntries = {
  requests: 'lambda-requests.ts',
  'centre-work': 'lambda-centre-work.ts',
  admin: 'lambda-admin.ts',
  operations: 'lambda-operations.ts',
  relay: 'lambda-relay.ts',
  sequencer: 'lambda-sequencer.ts',
} as const satisfies Record<string, string>;

export type FunctionName = keyof typeof functionEntries;

/**
 * zod's namespace object (`import { z } from 'zod'`, as @hono/zod-openapi does) keeps every export
 * alive, so all 40-odd locales of its error messages would be bundled: about 260 KB of a bundle.
 * The API writes its own messages in English; every locale but `en` becomes an empty stub.
 */
const onlyEnglishZodLocales: Plugin = {
  name: 'only-english-zod-locales',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]locales$/.test(args.resolveDir) || args.path === './en.js' || args.path === './index.js') return undefined;
      return { path: args.path, namespace: 'zod-locale-stub' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-locale-stub' }, () => ({
      contents: 'export default function locale() { return { localeError: () => undefined }; }',
      loader: 'js',
    }));
  },
};

/**
 * The operations function serves the OpenAPI document of the whole API. Rendering it there would mean
 * importing every route group and building every schema; instead the document is rendered here, at
 * bundle time, from the same route definitions (functions/http/openapi-document.ts), and the module
 * that would render it at run time becomes the rendered text: a chunk loaded on the first request.
 */
const prerenderedOpenApi: Plugin = {
  name: 'prerendered-openapi',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]functions[\\/]entry[\\/]openapi-prerendered\.ts$/ }, async () => {
      const { renderOpenApiDocument } = await import('../../functions/http/openapi-document.ts');
      const { TOKEN_URL_PLACEHOLDER } = await import('../../functions/http/openapi-token-url.ts');
      const document = await renderOpenApiDocument(TOKEN_URL_PLACEHOLDER);
      return { contents: `export default ${JSON.stringify(document)};`, loader: 'js' };
    });
  },
};

export interface BundleResult {
  /** The bundle's files (code and source maps), relative to the output folder. */
  files: string[];
  metafile: Metafile;
}

/**
 * Bundles one function the way the stack deploys it: esbuild, ESM, Node 24, minified, with source maps
 * (NODE_OPTIONS=--enable-source-maps on the function maps stack traces back), the AWS SDK included so
 * that the tested versions and their time-limit options are the deployed ones. Lazy `import()`s become
 * chunks that are loaded only when needed. Writes `index.mjs` (handler `index.handler`) into `outdir`.
 */
export async function bundleFunction(name: FunctionName, outdir: string): Promise<BundleResult> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { index: join(root, 'functions/entry', functionEntries[name]) },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // Some CommonJS packages call require(); an ESM bundle gets a require of its own for them.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    // jsonc-parser's main entry is a UMD wrapper whose requires a bundle cannot follow; its ESM build can be.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    plugins: [onlyEnglishZodLocales, prerenderedOpenApi],
  });
  const files = Object.keys(result.metafile.outputs).map((file) => resolve(root, file).slice(resolve(outdir).length + 1));
  return { files, metafile: result.metafile };
}

/** Configuration that travels with a function's code: the participants registry, the routing table, and for the docs page Swagger UI. */
export interface DeployedFiles {
  participantsFile: string;
  routingDir: string;
  routingFiles: readonly string[];
  overridesFile?: string | undefined;
}

/** Copies the deployed configuration next to the bundle, where the function's settings point. */
export function copyDeployedFiles(name: FunctionName, outdir: string, files: DeployedFiles): void {
  cpSync(files.participantsFile, join(outdir, 'participants.json'));
  mkdirSync(join(outdir, 'routing'), { recursive: true });
  for (const file of files.routingFiles) cpSync(join(files.routingDir, file), join(outdir, 'routing', file));
  if (files.overridesFile) cpSync(files.overridesFile, join(outdir, 'routing-overrides.json'));
  if (name === 'operations') {
    // The API docs page serves Swagger UI from the package's files, so they travel with the code.
    const swagger = dirname(fileURLToPath(import.meta.resolve('swagger-ui-dist/package.json')));
    const target = join(outdir, 'node_modules/swagger-ui-dist');
    mkdirSync(target, { recursive: true });
    for (const file of ['package.json', 'swagger-ui.css', 'swagger-ui-bundle.js']) cpSync(join(swagger, file), join(target, file));
  }
}

/** `node infra/bundle/bundle-function.ts <function> <outdir> <deployed files JSON>`: the stack's local bundling step. */
async function main(): Promise<void> {
  const [name, outdir, filesJson] = process.argv.slice(2);
  if (!name || !(name in functionEntries) || !outdir || !filesJson) {
    throw new Error('usage: bundle-function.ts <function> <outdir> <deployed files JSON>');
  }
  await bundleFunction(name as FunctionName, outdir);
  copyDeployedFiles(name as FunctionName, outdir, JSON.parse(filesJson) as DeployedFiles);
  writeFileSync(join(outdir, 'package.json'), '{"type":"module"}\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
