import { caseFold } from 'unicode-case-folding';
import { z } from 'zod';
import { DATA_TYPE_TERMS, din91379Check, trimSpace } from './din-strings.ts';

/**
 * The form a file number (Aktenzeichen) is stored and answered in: NFC, trimmed, every run of inner
 * spaces and tabs one space. `ABH-2026-0001` typed with a decomposed ü or a double space is the same
 * file. Line breaks are not collapsed: data type B refuses them.
 */
export function normaliseReference(reference: string): string {
  return trimSpace(reference.normalize('NFC')).replace(/[\p{Zs}\t]+/gu, ' ');
}

/**
 * The key under which two file numbers are the same file: the normalised form, Unicode case folded
 * (full folding, so `ABH-2026-0001` and `abh-2026-0001`, `STRASSE` and `Straße` match), then NFC again.
 * Used for the one-open-case rule and the list filter; never shown.
 */
export function referenceKey(reference: string): string {
  return caseFold(normaliseReference(reference)).normalize('NFC');
}

/** The authority's file number: DIN 91379 data type B, 1-64 characters after normalisation. */
export const MunicipalReferenceSchema = z
  .string()
  // Stated before the normalisation so that the document says it (the 64 are counted after it).
  .min(1, 'must not be empty')
  .transform(normaliseReference)
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters')
      .superRefine(din91379Check('B', { letter: false })),
  )
  .meta({
    description: `Aktenzeichen der Ausländerbehörde: 1-64 characters of ${DATA_TYPE_TERMS.B}; stored NFC, trimmed, inner whitespace collapsed. Two file numbers that are equal after that and case folding are the same file (one open case per file).`,
    example: 'ABH-2026-0001',
  });

/** The list filter: the same normalisation, compared case-folded by the store. */
export const ReferenceFilterSchema = z
  .string()
  .max(200)
  .transform(normaliseReference)
  .optional()
  .meta({ description: 'Aktenzeichen; matched after normalisation and case folding, as the one-open-case rule compares' });
