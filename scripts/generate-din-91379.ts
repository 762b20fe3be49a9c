import { readFileSync, writeFileSync } from 'node:fs';
import { renderDin91379Module } from './din-91379-module.ts';

/** `npm run generate:din-91379`: regenerates the character data module from the DIN 91379 list. */
const dir = new URL('../schemas/din-91379/', import.meta.url);
const list = readFileSync(new URL('latin_list_1.3.txt', dir), 'utf8');
writeFileSync(new URL('data.generated.ts', dir), renderDin91379Module(list));
console.log('schemas/din-91379/data.generated.ts written');
