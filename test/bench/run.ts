import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchModule, formatTable } from './measure.ts';

/**
 * `npm run bench`: runs every `*.bench.ts` in this folder, one after another, and prints a table per
 * file. `npm run bench -- auth` runs only the files whose name contains `auth`.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`No *.bench.ts file in ${dir}${filters.length > 0 ? ` matches ${filters.join(', ')}` : ''}`);
  process.exitCode = 1;
}

for (const file of files) {
  const module = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
  console.log(`\n${module.title ?? file}  (${file}, Node ${process.versions.node})\n`);
  const started = performance.now();
  const output = await module.default();
  console.log(typeof output === 'string' ? output : formatTable(output));
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
