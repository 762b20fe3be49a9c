import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseDin91379List } from '../../scripts/din-91379-module.ts';

/** The characters and sequences of each group of the DIN 91379 list, read from the data file itself. */
export const din91379 = (() => {
  const text = readFileSync(new URL('../../schemas/din-91379/latin_list_1.3.txt', import.meta.url), 'utf8');
  const groups = new Map<string, string[]>();
  for (const row of parseDin91379List(text)) {
    const entry = String.fromCodePoint(...row.codePoints.map((hex) => Number.parseInt(hex, 16)));
    groups.set(row.group, [...(groups.get(row.group) ?? []), entry]);
  }
  const group = (name: string) => groups.get(name) ?? [];
  return { letters: group('bll'), n1: group('bnlreq'), n2: group('bnl'), n3: group('bnlopt'), n4: group('bnlnot'), marks: group('dc') };
})();

const pick = (values: string[]) => fc.constantFrom(...values);

/**
 * A string of DIN 91379 units (letters, sequences, non-letters of the given groups) with at least one
 * letter and no surrounding whitespace, at most `maxUnits` units.
 */
export function dinString(nonLetters: string[], maxUnits = 40) {
  const unit = fc.oneof({ weight: 3, arbitrary: pick(din91379.letters) }, { weight: 1, arbitrary: pick(nonLetters) });
  return fc
    .tuple(pick(din91379.letters), fc.array(unit, { maxLength: maxUnits - 1 }), fc.nat())
    .map(([letter, units, at]) => {
      const all = [...units];
      all.splice(at % (all.length + 1), 0, letter);
      return all.join('').trim();
    })
    .filter((value) => value.length > 0 && value.normalize('NFC').length <= 200);
}

/** A name of DIN 91379 data type A: letters and sequences and the non-letters N1, one letter at least. */
export const typeAName = dinString(din91379.n1);
