import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { freeText, NameSchema, ShortTextSchema } from '../../../schemas/common.ts';

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe('NameSchema (DIN 91379 Latin)', () => {
  it.each([
    'Müller-Lüdenscheidt',
    "O'Brien",
    'O\u2019Brien',
    'Nguyễn',
    'Ørsted',
    'Çelik',
    'Dvořák',
    'Łukasz',
    'Şahin',
    'Ğül',
    'Đorđević',
    'Þórsdóttir',
    'Straße',
    'van der Berg',
    'St. John',
    'Jean-Luc',
  ])('accepts the name %j unchanged', (name) => {
    expect(NameSchema.parse(name)).toBe(name);
  });

  it.each([
    ['Mu\u0308ller-Lu\u0308denscheidt', 'Müller-Lüdenscheidt'],
    ['Nguye\u0302\u0303n', 'Nguyễn'],
    ['C\u0327elik', 'Çelik'],
    ['Dvor\u030Ca\u0301k', 'Dvořák'],
  ])('normalises the combining-mark form %j to NFC %j', (submitted, stored) => {
    const parsed = NameSchema.parse(submitted);
    expect(parsed).toBe(stored);
    expect(parsed).toBe(parsed.normalize('NFC'));
  });

  it('keeps a combining sequence that has no precomposed form (DIN 91379 L with ring below)', () => {
    expect(NameSchema.parse('L\u0325ubo')).toBe('L\u0325ubo');
  });

  it('trims surrounding whitespace', () => {
    expect(NameSchema.parse('  Amal \n')).toBe('Amal');
  });

  it.each([
    ['Бейспиль', 'Cyrillic'],
    ['Beispiеl', 'Latin with one Cyrillic look-alike letter'],
    ['أمل', 'Arabic script'],
    ['Ἀμάλ', 'Greek'],
    ['王', 'Han'],
    ['Amal2', 'a digit'],
    ['Ludwig 14', 'digits'],
    ['Am\u0000al', 'a NUL character'],
    ['Am\u0007al', 'a bell character'],
    ['Am\tal', 'a tab'],
    ['Am\nal', 'a line break inside the name'],
    ['Am\u200Bal', 'a zero-width space'],
    ['Am\u202Eal', 'a right-to-left override'],
    ['Amal 😀', 'an emoji'],
    ['Amal 👍🏽', 'an emoji with a skin-tone modifier'],
    ['Amal_Beispiel', 'an underscore'],
    ['Amal@Beispiel', 'an at sign'],
    ['Amal<script>', 'markup'],
  ])('refuses %j (%s)', (name) => {
    expect(accepts(NameSchema, name)).toBe(false);
  });

  it('refuses marks of other scripts and emoji-forming marks attached to Latin letters', () => {
    // \p{M} admits every combining mark of every script; DIN 91379 pairs Latin letters only with Latin diacritics.
    const names = [
      'Beispiel\u093E', // Devanagari vowel sign AA
      'Beispiel\u0E31', // Thai vowel sign MAI HAN-AKAT
      'A\u20E3', // combining enclosing keycap: renders as an emoji
    ];
    expect(names.filter((name) => accepts(NameSchema, name))).toEqual([]);
  });

  it('refuses Latin-script characters outside DIN 91379 (fullwidth letters, Roman numerals)', () => {
    // \p{Script=Latin} also covers fullwidth forms and the Roman numerals, which DIN 91379 does not contain.
    const names = [
      '\uFF2D\u00FCller', // fullwidth M
      'Ludwig \u216B', // Roman numeral twelve
    ];
    expect(names.filter((name) => accepts(NameSchema, name))).toEqual([]);
  });

  it('refuses an empty name and a name of whitespace only', () => {
    expect(accepts(NameSchema, '')).toBe(false);
    expect(accepts(NameSchema, '   ')).toBe(false);
  });

  it('accepts 200 characters and refuses 201', () => {
    expect(accepts(NameSchema, 'a'.repeat(200))).toBe(true);
    expect(accepts(NameSchema, 'a'.repeat(201))).toBe(false);
  });

  it('counts the length after trimming and NFC normalisation', () => {
    expect(accepts(NameSchema, ` ${'a'.repeat(200)} `)).toBe(true);
    expect(accepts(NameSchema, 'u\u0308'.repeat(200))).toBe(true);
    expect(accepts(NameSchema, 'u\u0308'.repeat(201))).toBe(false);
  });

  it('refuses anything but a string', () => {
    expect(accepts(NameSchema, 42)).toBe(false);
    expect(accepts(NameSchema, null)).toBe(false);
    expect(accepts(NameSchema, ['Amal'])).toBe(false);
  });
});

describe('ShortTextSchema (places, caseworkers)', () => {
  it.each(['Aleppo', 'Sachbearbeitung Ausländerbehörde', 'Zimmer 3.14 (2. OG)', 'Jugendamt Stadt Braunschweig, Team 51'])(
    'accepts %j',
    (text) => {
      expect(ShortTextSchema.parse(text)).toBe(text);
    },
  );

  it.each([
    ['حلب', 'Arabic script'],
    ['Алеппо', 'Cyrillic'],
    ['Aleppo\u0000', 'a control character'],
    ['Aleppo 🏙', 'an emoji'],
    ['', 'an empty string'],
  ])('refuses %j (%s)', (text) => {
    expect(accepts(ShortTextSchema, text)).toBe(false);
  });

  it('accepts 200 characters and refuses 201', () => {
    expect(accepts(ShortTextSchema, 'x'.repeat(200))).toBe(true);
    expect(accepts(ShortTextSchema, 'x'.repeat(201))).toBe(false);
  });
});

describe('freeText (bounded free text)', () => {
  const text = freeText(20);

  it('accepts line breaks and tabs inside the text', () => {
    expect(text.parse('Zeile 1\nZeile 2\tx')).toBe('Zeile 1\nZeile 2\tx');
  });

  it('accepts the non-letters of DIN 91379 data type C (N3, N4) in free text', () => {
    expect(text.parse('½ Tag\u00A0frei ¼')).toBe('½ Tag\u00A0frei ¼');
  });

  it('refuses other scripts in free text (DIN 91379 data type C is Latin)', () => {
    expect(accepts(text, 'مرحبا')).toBe(false);
  });

  it.each([
    ['a\u0000b', 'NUL'],
    ['a\u001Bb', 'escape'],
    ['a\u007Fb', 'delete'],
    ['a\u0085b', 'next line (C1)'],
  ])('refuses the control character in %j (%s)', (value) => {
    expect(accepts(text, value)).toBe(false);
  });

  it('refuses text over its maximum after trimming, and empty text', () => {
    expect(accepts(text, `  ${'x'.repeat(20)}  `)).toBe(true);
    expect(accepts(text, 'x'.repeat(21))).toBe(false);
    expect(accepts(text, ' \n ')).toBe(false);
  });
});
