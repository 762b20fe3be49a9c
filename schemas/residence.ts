import { z } from 'zod';
import { DateSchema } from './common.ts';

export const RESIDENCE_STATUSES = [
  'vollziehbar_ausreisepflichtig',
  'ausreisepflichtig',
  'duldung',
  'aufenthaltsgestattung',
  'aufenthaltserlaubnis',
  'other',
] as const;

/** Grenzübertrittsbescheinigung: the departure date cannot lie before the day it was issued. */
export const BorderCrossingCertificateSchema = z
  .strictObject({
    issuedOn: DateSchema.meta({ description: 'Ausgestellt am' }),
    departureBy: DateSchema.meta({ description: 'Ausreise bis; not before issuedOn' }),
  })
  .superRefine((certificate, ctx) => {
    if (certificate.departureBy < certificate.issuedOn) {
      ctx.addIssue({ code: 'custom', path: ['departureBy'], message: 'must not be before issuedOn' });
    }
  })
  .meta({ description: 'Grenzübertrittsbescheinigung' });

export const ResidenceSchema = z
  .strictObject({
    status: z.enum(RESIDENCE_STATUSES).meta({ description: 'Aufenthaltsstatus' }),
    departureDeadline: DateSchema.optional().meta({ description: 'Ausreisefrist' }),
    toleratedUntil: DateSchema.optional().meta({ description: 'Duldung gültig bis' }),
    borderCrossingCertificate: BorderCrossingCertificateSchema.optional(),
  })
  .meta({ id: 'Residence', description: 'Aufenthaltsrechtliche Situation' });
