import { broadcastIdData, showStatusCard, statusMessageOf, type AdminActionHandler } from '../adminContext';

/** Open a broadcast (from the list, or "No, keep them"): the pressed card becomes its status card. */
export const status: AdminActionHandler = async ({ data, actor, timezone }, context) => {
  const { broadcastId } = broadcastIdData.parse(data);
  const statusMessage = statusMessageOf(actor, timezone);
  if (statusMessage) await context.broadcasts.setStatusMessage(broadcastId, statusMessage);
  return showStatusCard(context, broadcastId, timezone);
};
