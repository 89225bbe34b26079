import { actorIdOf, broadcastIdData, showStatusCard, type AdminActionHandler } from '../adminContext';

/** "Yes, recall": delivered copies are deleted from people's chats, queued ones stopped. */
export const recall: AdminActionHandler = async ({ data, actor, timezone }, context) => {
  const { broadcastId } = broadcastIdData.parse(data);
  await context.broadcasts.recall(actorIdOf(actor), broadcastId);
  return showStatusCard(context, broadcastId, timezone);
};
