import { z } from 'zod';

/** Just enough structure to tell an activity from any other JSON; CloudAdapter checks the rest. */
export const activityShape = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().optional(),
  serviceUrl: z.string().optional(),
  conversation: z.looseObject({ id: z.string(), tenantId: z.string().optional() }).optional(),
});
