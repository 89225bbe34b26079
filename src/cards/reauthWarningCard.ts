import type { Guide } from '../guide/types';
import type { AdaptiveCard } from './adaptiveCard';
import { answerCardData, createAnswerCard, type SupportContact } from './answerCard';

export const REAUTH_TOPIC_ID = 'reauth_prompt';

/**
 * The re-authentication warning: "do NOT reset your password", approve if you just signed in, deny
 * and call IT if you did not. Built from the guide's re-authentication topic, banner first, and it
 * never offers a password reset.
 */
export function createReauthWarningCard(guide: Guide, support: SupportContact): AdaptiveCard {
  const topic = guide.topic(REAUTH_TOPIC_ID);
  if (!topic) throw new Error(`The guide has no "${REAUTH_TOPIC_ID}" topic`);
  const data = answerCardData({ ...topic, warning: 'reauth' }, guide, support);
  return createAnswerCard({ ...data, related: data.related.filter((button) => button.topicId !== 'sspr') });
}
