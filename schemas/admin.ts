import { z } from 'zod';
import { CentreSchema } from './requests.ts';

const count = (description: string) => z.number().int().min(0).meta({ description });

export const CentreStatusSchema = z
  .object({
    queued: count('Work items waiting to be leased (approximate, from SQS)'),
    leased: count('Work items leased and not yet acked or visible again (approximate, from SQS)'),
    deadLettered: count('Work items in the dead-letter queue after 5 failed deliveries (approximate, from SQS)'),
    oldestWaitingAgeSeconds: count('Age in seconds of the oldest work item not yet acknowledged (waiting or leased); 0 when none'),
    oldestPendingOutboxAgeSeconds: count(
      'Age in seconds of the oldest accepted work item not yet on its queue (outbox); 0 when none. Growing means the relay is stuck',
    ),
  })
  .meta({ id: 'CentreStatus' });

export const AdminStatusSchema = z
  .object({ centres: z.object({ braunschweig: CentreStatusSchema, osnabrueck: CentreStatusSchema }) })
  .meta({ id: 'AdminStatus' });

export const RedriveRequestSchema = z
  .strictObject({ centre: CentreSchema })
  .meta({ id: 'RedriveRequest', example: { centre: 'braunschweig' } });

export const RedriveResultSchema = z
  .object({
    centre: CentreSchema,
    moved: count(
      'Items moved back from the dead-letter queue to the centre\u2019s queue (at most 100 per call: call again while it is 100)',
    ),
  })
  .meta({ id: 'RedriveResult' });
