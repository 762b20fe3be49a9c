// Only the one validator: the package's index would bring all of them (about 130 KB) into every Lambda bundle.
import isEmailModule from 'validator/lib/isEmail.js';
import { z } from 'zod';

// A CommonJS module whose `default` is the function itself, under Node, esbuild and TypeScript alike.
const isEmail = isEmailModule.default;

/**
 * Internationalised e-mail addresses (RFC 6531: UTF-8 in the local part, IDN domains such as
 * `landkreis-müden.de`), checked by validator.js; a domain needs a top-level domain, IP literals and
 * display names are refused. Control, format and bidi characters are refused on top: they make two
 * addresses look alike.
 */
const IS_EMAIL_OPTIONS = { allow_utf8_local_part: true, require_tld: true, allow_ip_domain: false, allow_display_name: false };

export const EmailSchema = z
  .string()
  .transform((value) => value.normalize('NFC'))
  .pipe(
    z
      .string()
      .max(254, 'must be at most 254 characters')
      .pipe(
        z.string().refine((value) => !/\p{C}/u.test(value) && isEmail(value, IS_EMAIL_OPTIONS), 'must be an e-mail address (RFC 6531)'),
      ),
  )
  .meta({
    format: 'idn-email',
    description: 'E-mail address, internationalised addresses allowed (RFC 6531, e.g. abh@landkreis-müden.de); NFC-normalised',
    example: 'abh@example.org',
  });
