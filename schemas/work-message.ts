import { z } from 'zod';

export const WORK_TYPES = [
  'case.submitted',
  'case.withdrawn',
  'case.transferred',
  'consultation.submitted',
  'consultation.withdrawn',
  'consultation.transferred',
] as const;

/**
 * What goes through a centre's queue: ids only. The centre gets the resource itself, with personal
 * data, from the database when it leases the work, so no personal data ever sits in SQS.
 */
export const WorkMessageSchema = z
  .object({
    workId: z.string().meta({ description: 'Stable across redeliveries; consumers deduplicate by it' }),
    type: z.enum(WORK_TYPES),
    subject: z.object({ type: z.enum(['case', 'consultation']), id: z.string() }),
    centre: z.enum(['braunschweig', 'osnabrueck']),
    at: z.iso.datetime(),
  })
  .meta({ id: 'WorkMessage' });

export type WorkMessage = z.infer<typeof WorkMessageSchema>;
export type WorkType = (typeof WORK_TYPES)[number];
