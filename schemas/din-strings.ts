import { z } from 'zod';
import { type Din91379DataType, scanDin91379 } from './din-91379/data-types.ts';

/** What each data type admits, in the words of an error message and of the OpenAPI document. */
export const DATA_TYPE_TERMS: Record<Din91379DataType, string> = {
  A: "DIN 91379 data type A (names of persons): Latin letters and letter sequences of DIN 91379 and the non-letters N1 (space and ' , - . ` ~ ¨ ´ · ʹ ʺ ʾ ʿ ˈ ˌ ’ ‡)",
  B: 'DIN 91379 data type B: the letters of type A, the non-letters N1 and N2 (digits, common punctuation and signs such as ! " # $ % & ( ) * + / : ; < = > ? @ [ ] _ { } § €)',
  C: 'DIN 91379 data type C: type B plus the non-letters N3 and N4 (tab, line breaks, no-break space)',
};

const MESSAGES = {
  character: (type: Din91379DataType) => `must use only characters of DIN 91379 data type ${type}`,
  'combining-mark': () => 'must not contain a combining mark outside a letter sequence of DIN 91379',
  letter: () => 'must contain at least one letter',
};

/**
 * A zod check that a string (already NFC) is of a DIN 91379 data type; with `letter`, that it has at
 * least one letter (DIN 91379 names always do). Messages never quote the value.
 */
export function din91379Check(type: Din91379DataType, options: { letter: boolean }) {
  return (value: string, ctx: z.RefinementCtx) => {
    const scan = scanDin91379(value, type);
    if (!scan.valid) ctx.addIssue({ code: 'custom', message: MESSAGES[scan.problem ?? 'character'](type) });
    else if (options.letter && scan.letters === 0) ctx.addIssue({ code: 'custom', message: MESSAGES.letter() });
  };
}

const SURROUNDING_SPACE = /^[\p{Zs}\t\n\r\v\f]+|[\p{Zs}\t\n\r\v\f]+$/gu;

/**
 * Removes surrounding spaces, tabs and line breaks. Unlike String.prototype.trim it keeps U+FEFF (a
 * format character), which the character check then refuses instead of hiding.
 */
export function trimSpace(value: string): string {
  return value.replace(SURROUNDING_SPACE, '');
}

/** NFC first (DIN 91379 compares in NFC), then surrounding whitespace goes. */
const trimmedNfc = (value: string) => trimSpace(value.normalize('NFC'));

function dinString(type: Din91379DataType, max: number, letter: boolean) {
  return z
    .string()
    .transform(trimmedNfc)
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).superRefine(din91379Check(type, { letter })))
    .meta({ minLength: 1, maxLength: max }); // the document states the lengths the pipe checks after trimming
}

/** The rule of a name field, for its OpenAPI description. */
export const NAME_RULE = `NFC-normalised and trimmed on input; 1-200 characters of ${DATA_TYPE_TERMS.A}; at least one letter; a combining mark only inside a listed letter sequence; transliterate other scripts first.`;

/** The rule of a short string field (places, organisations, contacts), for its OpenAPI description. */
export const SHORT_TEXT_RULE = `NFC-normalised and trimmed on input; 1-200 characters of ${DATA_TYPE_TERMS.B}.`;

/** The rule of a free text field of at most `max` characters, for its OpenAPI description. */
export const freeTextRule = (max: number) => `NFC-normalised and trimmed on input; 1-${max} characters of ${DATA_TYPE_TERMS.C}.`;

/** A person's name (family name, given names, birth name): DIN 91379 data type A, 1-200 characters, one letter at least. */
export const NameSchema = dinString('A', 200, true).meta({ description: NAME_RULE });

/** A short string (place, organisation, caseworker): DIN 91379 data type B, 1-200 characters. */
export const ShortTextSchema = dinString('B', 200, false).meta({ description: SHORT_TEXT_RULE });

/** Bounded free text (notes, reasons): DIN 91379 data type C, 1-`max` characters after trimming. */
export function freeText(max: number) {
  return dinString('C', max, false).meta({ description: freeTextRule(max) });
}
