import { plural } from '../../cards/plural';
import { actorIdOf, broadcastIdData, statusCardOf, type AdminActionHandler } from '../adminContext';

/** "Remind those not done": a reminder broadcast, posted with its own live status card. */
export const remind: AdminActionHandler = async ({ data, actor, timezone }, context) => {
  const { broadcastId } = broadcastIdData.parse(data);
  const reminder = await context.broadcasts.remindNotDone(actorIdOf(actor), broadcastId);
  const card = await statusCardOf(context, broadcastId, timezone);
  if (!reminder)
    return { card, messages: [{ text: 'Everyone who got it has finished: no reminder needed.' }] };
  return {
    card,
    messages: [
      {
        text: `Reminder on its way to ${plural(reminder.recipients, 'person', 'people')}`,
        card: await statusCardOf(context, reminder.id, timezone),
        tracksBroadcast: reminder.id,
      },
    ],
  };
};
