import { z } from 'zod';
import { ACTION_VERBS } from '../../cards/actionVerbs';
import { createRemindConfirmCard } from '../../cards/broadcastCards';
import { contentTitle } from '../../cards/broadcastStatusView';
import { plural } from '../../cards/plural';
import { broadcastIdData, showStatusCard, type AdminActionHandler } from '../adminContext';

/** "Remind those not done" on the status card: asks first, with how many would be reminded. */
export const remindAsk: AdminActionHandler = async ({ data, timezone }, context) => {
  const { broadcastId } = broadcastIdData.parse(data);
  const status = await context.broadcasts.status(broadcastId);
  if (!status) throw new z.ZodError([]);
  const notDone = (status.inProgress ?? 0) + (status.notStarted ?? 0);
  // Everyone finished since the card was drawn: show the card as it is now instead.
  if (notDone === 0) return showStatusCard(context, broadcastId, timezone);
  const card = createRemindConfirmCard({
    broadcastId,
    people: plural(notDone, 'person', 'people'),
    title: contentTitle(status, (id) => context.guide.checklist(id)?.title ?? id),
    remindVerb: ACTION_VERBS.broadcastRemind,
    keepVerb: ACTION_VERBS.broadcastStatus,
  });
  return { card, messages: [] };
};
