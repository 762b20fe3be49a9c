import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDin91379List, renderDin91379Module } from '../../scripts/din-91379-module.ts';

const dir = new URL('../../schemas/din-91379/', import.meta.url);
const list = readFileSync(new URL('latin_list_1.3.txt', dir), 'utf8');

describe('DIN 91379 character data', () => {
  it('is generated from the checked-in list, unchanged (run npm run generate:din-91379 after changing the list)', () => {
    expect(readFileSync(new URL('data.generated.ts', dir), 'utf8')).toBe(renderDin91379Module(list));
  });

  it('keeps the attribution of the CC BY 4.0 data beside it', () => {
    expect(readFileSync(new URL('LICENSE.md', dir), 'utf8')).toContain('CC-BY 4.0');
    expect(readFileSync(new URL('SOURCE.md', dir), 'utf8')).toContain('String-Latin/DIN-91379-Characters-and-Sequences');
  });

  it('reads every row of the list: 649 letters and sequences, 18 non-letters N1, 60 N2', () => {
    const rows = parseDin91379List(list);
    const count = (group: string) => rows.filter((row) => row.group === group).length;
    expect(rows).toHaveLength(930);
    expect([count('bll'), count('bnlreq'), count('bnl'), count('bnlopt'), count('bnlnot'), count('dc')]).toEqual([649, 18, 60, 6, 4, 20]);
  });

  it('lists every character and sequence in NFC, so input compared in NFC matches it', () => {
    const notNfc = parseDin91379List(list)
      .map((row) => String.fromCodePoint(...row.codePoints.map((hex) => Number.parseInt(hex, 16))))
      .filter((entry) => entry.normalize('NFC') !== entry);
    expect(notNfc).toEqual([]);
  });

  it('refuses a list row that does not have the documented format', () => {
    expect(() => parseDin91379List('bll; char; 0041 0042; TWO LETTERS; AB\n')).toThrow(/line 1/);
    expect(() => parseDin91379List('bll; glyph; 0041; A; A\n')).toThrow(/line 1/);
  });
});
