import { DIN_91379_GROUPS } from './data.generated.ts';

/**
 * The data types of DIN 91379:2022-08 (section 5) that this API uses, as groups of the character list:
 * A, names of natural persons: letters and letter sequences (`bll`) and the non-letters N1 (`bnlreq`);
 * B, other names (places, organisations, contacts) and short strings: A plus the non-letters N2 (`bnl`);
 * C, other text: B plus N3 (`bnlopt`) and N4 (`bnlnot`: tab, LF, CR, NBSP).
 * The combining diacritics (`dc`) occur only inside the listed letter sequences, never on their own.
 */
export type Din91379DataType = 'A' | 'B' | 'C';

type Group = keyof typeof DIN_91379_GROUPS;

const GROUPS_OF_TYPE: Record<Din91379DataType, readonly Group[]> = {
  A: ['bll', 'bnlreq'],
  B: ['bll', 'bnlreq', 'bnl'],
  C: ['bll', 'bnlreq', 'bnl', 'bnlopt', 'bnlnot'],
};

/** The characters and sequences of a group, as strings (a sequence is one string of several code points). */
function entriesOf(group: Group): string[] {
  return DIN_91379_GROUPS[group]
    .split(/\s+/)
    .filter((entry) => entry !== '')
    .map((entry) => String.fromCodePoint(...entry.split('+').map((hex) => Number.parseInt(hex, 16))));
}

interface CharacterClass {
  /** Single code points allowed on their own. */
  singles: ReadonlySet<string>;
  /** Listed sequences by their first code point, longest first (greedy matching). */
  sequences: ReadonlyMap<string, readonly string[]>;
  /** Code points of the longest sequence. */
  longest: number;
  /** The letters (`bll`): single code points and sequences. */
  letters: ReadonlySet<string>;
}

function buildClass(type: Din91379DataType): CharacterClass {
  const singles = new Set<string>();
  const byFirst = new Map<string, string[]>();
  for (const group of GROUPS_OF_TYPE[type]) {
    for (const entry of entriesOf(group)) {
      // The list is in NFC already (a test checks it); input is compared in NFC too.
      const points = [...entry];
      if (points.length === 1) {
        singles.add(entry);
        continue;
      }
      const first = points[0] as string;
      byFirst.set(first, [...(byFirst.get(first) ?? []), entry]);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  const longest = Math.max(...[...byFirst.values()].flat().map((sequence) => [...sequence].length));
  return { singles, sequences: byFirst, longest, letters: new Set(entriesOf('bll')) };
}

const CLASSES: Record<Din91379DataType, CharacterClass> = { A: buildClass('A'), B: buildClass('B'), C: buildClass('C') };

/** What a scan found: whether every character is allowed, and how many letters there are. */
export interface Din91379Scan {
  /** `true` when every character or sequence belongs to the data type. */
  valid: boolean;
  /** Why not: a character outside the data type, or a combining mark that no listed sequence has. */
  problem?: 'character' | 'combining-mark';
  /** Letters (`bll` characters and sequences) seen before the scan stopped. */
  letters: number;
}

const COMBINING_MARK = /^\p{M}$/u;

/**
 * Scans an NFC string against a DIN 91379 data type: at each position the longest listed sequence
 * that matches, else a single listed character. A combining mark that is not part of a listed
 * sequence (alone, on a non-letter, or one mark too many) makes the string invalid.
 */
export function scanDin91379(value: string, type: Din91379DataType): Din91379Scan {
  const characterClass = CLASSES[type];
  const points = [...value];
  let letters = 0;
  let index = 0;
  while (index < points.length) {
    const point = points[index] as string;
    const candidates = characterClass.sequences.get(point);
    const rest = candidates ? points.slice(index, index + characterClass.longest).join('') : '';
    const sequence = candidates?.find((candidate) => rest.startsWith(candidate));
    const unit = sequence ?? point;
    if (!sequence && !characterClass.singles.has(point)) {
      return { valid: false, problem: COMBINING_MARK.test(point) ? 'combining-mark' : 'character', letters };
    }
    if (characterClass.letters.has(unit)) letters++;
    index += [...unit].length;
  }
  return { valid: true, letters };
}
