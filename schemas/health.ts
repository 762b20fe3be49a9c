import { z } from 'zod';

const storeState = z.enum(['up', 'down']);

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).meta({ description: '`ok` when every store answers' }),
    stores: z.object({ dynamodb: storeState, sqs: storeState }),
    version: z.string(),
  })
  .meta({ id: 'Health', example: { status: 'ok', stores: { dynamodb: 'up', sqs: 'up' }, version: '0.1.0' } });
