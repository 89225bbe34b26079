import { actorIdOf, broadcastIdData, showStatusCard, type AdminActionHandler } from '../adminContext';

/** Cancel: what is still queued is not sent. */
export const cancel: AdminActionHandler = async ({ data, actor, timezone }, context) => {
  const { broadcastId } = broadcastIdData.parse(data);
  await context.broadcasts.cancel(actorIdOf(actor), broadcastId);
  return showStatusCard(context, broadcastId, timezone);
};
