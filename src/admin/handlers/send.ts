import { z } from 'zod';
import { audienceSchema, broadcastContentSchema } from '../../broadcast/types';
import { actorIdOf, showStatusCard, statusMessageOf, type AdminActionHandler } from '../adminContext';

/** The request the preview checked, as its Send button carries it. */
const storedRequest = z.object({
  content: broadcastContentSchema,
  audience: audienceSchema,
  sendAt: z.string().optional(),
});

/** Send: the broadcast is created and the pressed preview becomes its live status card. */
export const send: AdminActionHandler = async ({ data, actor, timezone }, context) => {
  const stored = storedRequest.parse((data as { request?: unknown })?.request);
  const created = await context.broadcasts.create(actorIdOf(actor), {
    content: stored.content,
    audience: stored.audience,
    sendAt: stored.sendAt ? new Date(stored.sendAt) : undefined,
    statusMessage: statusMessageOf(actor, timezone),
  });
  return showStatusCard(context, created.id, timezone);
};
