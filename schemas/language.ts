import { z } from 'zod';

/**
 * Primary language subtags that name no language a person speaks: `und` (undetermined), `zxx` (no
 * linguistic content), `mul` (several languages; list them instead). ISO 639-2 special codes.
 */
const NOT_A_LANGUAGE = new Set(['und', 'zxx', 'mul']);

/** The canonical form of a BCP 47 tag (RFC 5646, CLDR aliases: `AR`, `ara`, `arb` are `ar`), or `undefined`. */
export function canonicalLanguageTag(tag: string): string | undefined {
  // Intl also takes tags RFC 5646 calls irregular or private use only; a language subtag comes first here.
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * A language a person speaks, as a BCP 47 tag (e.g. `ar`, `fa-AF`, `sr-Latn`); stored and compared in
 * its canonical form (`Intl.getCanonicalLocales`), so `AR` and `ara` are both answered as `ar`.
 */
export const LanguageTagSchema = z
  .string()
  .max(35, 'must be at most 35 characters')
  // The syntax of a Unicode BCP 47 locale identifier, stated so that the document says it; the transform
  // below decides (Intl) whether the tag is well-formed and canonical.
  .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as ar, fa-AF or sr-Latn')
  .transform((tag, ctx) => {
    const canonical = canonicalLanguageTag(tag);
    if (canonical === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as ar, fa-AF or sr-Latn' });
      return z.NEVER;
    }
    // The primary language subtag (Intl.Locale reports `und` as no language at all).
    if (NOT_A_LANGUAGE.has(canonical.split('-')[0] ?? '')) {
      ctx.addIssue({ code: 'custom', message: 'must name a language a person speaks (not und, zxx or mul)' });
      return z.NEVER;
    }
    return canonical;
  })
  .meta({
    description:
      'BCP 47 language tag, stored and compared in canonical form (AR, ara and arb are answered as ar); und, zxx and mul are no languages a person speaks',
    example: 'ar',
  });
