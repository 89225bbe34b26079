import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { OutboundMessage } from '../assistant/assistant';

/** A core message as a Bot Framework activity. */
export function toActivity(message: OutboundMessage): Partial<Activity> {
  if (!message.card) return MessageFactory.text(message.text ?? '');
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
  // The card carries the content; the summary is what notifications and chat lists show.
  if (message.text) activity.summary = message.text;
  if (message.lead) activity.text = message.lead;
  return activity;
}
