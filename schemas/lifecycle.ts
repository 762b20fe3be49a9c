import { z } from 'zod';
import { freeText } from './common.ts';
import { CentreSchema, ListQuerySchema, StatusSchema } from './requests.ts';

/** An RFC 3339 timestamp with `Z` or an offset, answered in UTC. */
const TimestampSchema = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .meta({ format: 'date-time', example: '2026-12-03T09:30:00Z' });

/**
 * A centre's status report. `status` names any status; the lifecycle table decides, so a change it
 * does not have (to `queued`, `delivered`, `withdrawn`, or from a final status) is a 409, not a 422.
 */
export const StatusChangeSchema = z
  .strictObject({
    status: StatusSchema,
    note: freeText(500)
      .optional()
      .meta({ description: 'Vermerk der Beratungsstelle; kept with the personal data (same retention), never logged' }),
    appointmentAt: TimestampSchema.optional().meta({
      description: 'Beratungstermin; required with appointment_scheduled, else not allowed',
    }),
  })
  .superRefine((body, ctx) => {
    if (body.status === 'appointment_scheduled' && body.appointmentAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['appointmentAt'], message: 'is required with status appointment_scheduled' });
    }
    if (body.status !== 'appointment_scheduled' && body.appointmentAt !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['appointmentAt'], message: 'is only allowed with status appointment_scheduled' });
    }
  })
  .meta({
    id: 'StatusChange',
    description: 'Statusmeldung der Beratungsstelle',
    example: { status: 'appointment_scheduled', appointmentAt: '2026-12-03T09:30:00Z', note: 'Termin mit Dolmetscher (Arabisch)' },
  });

export const TransferSchema = z
  .strictObject({
    centre: CentreSchema.meta({ description: 'The other centre; transferring to the assigned centre itself is a 409' }),
    reason: freeText(500).meta({ description: 'Grund der Abgabe; kept with the personal data (same retention), never logged' }),
  })
  .meta({
    id: 'Transfer',
    description: 'Abgabe an die andere Beratungsstelle',
    example: { centre: 'osnabrueck', reason: 'Umzug in den Landkreis Osnabrück' },
  });

export const FEED_EVENT_TYPES = [
  'case.status_changed',
  'case.transferred',
  'case.withdrawn',
  'consultation.status_changed',
  'consultation.transferred',
  'consultation.withdrawn',
] as const;

export const FeedEventSchema = z
  .object({
    id: z.string().meta({ description: 'Unique id of the event' }),
    sequence: z.number().int().min(1).meta({ description: 'Position in the municipality\u2019s feed: 1, 2, 3, ... without gaps' }),
    type: z.enum(FEED_EVENT_TYPES),
    at: z.iso.datetime(),
    subject: z.object({ type: z.enum(['case', 'consultation']), id: z.string() }),
    status: StatusSchema.meta({ description: 'The status after the change (`queued` after a transfer)' }),
    centre: CentreSchema.meta({ description: 'The centre assigned after the change (the new one after a transfer)' }),
    appointmentAt: z.iso.datetime().optional().meta({ description: 'The appointment, with status appointment_scheduled' }),
  })
  .meta({
    id: 'FeedEvent',
    description: 'A change of one of the municipality\u2019s cases or consultation requests; never personal data',
    example: {
      id: '3c1f9a7e-2b4d-4e8f-9a1c-7d5e6f4b3a21',
      sequence: 42,
      type: 'case.status_changed',
      at: '2026-11-27T10:02:11.482Z',
      subject: { type: 'case', id: '0b6f3f0e-7c1d-4c1e-9a51-3d1f2b7c9e21' },
      status: 'in_counselling',
      centre: 'braunschweig',
    },
  });

export const FeedPageSchema = z
  .object({
    items: z.array(FeedEventSchema),
    nextCursor: z.string().nullable().meta({
      description:
        'After events: the cursor to continue after the last one (now or later). null: nothing newer yet; poll again later with the cursor you sent',
    }),
  })
  .meta({ id: 'FeedPage' });

export const FeedQuerySchema = ListQuerySchema.pick({ limit: true, cursor: true });

export type StatusChange = z.output<typeof StatusChangeSchema>;
export type Transfer = z.output<typeof TransferSchema>;
export type FeedEvent = z.infer<typeof FeedEventSchema>;
export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];
