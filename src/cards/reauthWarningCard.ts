import type { Guide } from '../guide/types';
import type { AdaptiveCard } from './adaptiveCard';
import { answerCardData, createAnswerCard, type SupportContact } from './answerCard';

export const REAUTH_TOPIC_ID = 'reauth_prompt';
export const UNREQUESTED_TOPIC_ID = 'unrequested_prompt';
/** Topics a safety card never links to: a reset is never the answer to a prompt. */
const NEVER_FROM_A_PROMPT = new Set(['sspr', 'change_password']);

/**
 * The re-authentication warning: "do NOT reset your password", then approve if you just signed in,
 * deny and call IT if you did not. Built from the guide's re-authentication topic, banner first; it
 * never offers a password reset.
 */
export function createReauthWarningCard(guide: Guide, support: SupportContact): AdaptiveCard {
  const topic = guide.topic(REAUTH_TOPIC_ID);
  if (!topic) throw new Error(`The guide has no "${REAUTH_TOPIC_ID}" topic`);
  const data = answerCardData({ ...topic, warning: 'reauth' }, guide, support);
  return createAnswerCard({
    ...data,
    related: data.related.filter((button) => !NEVER_FROM_A_PROMPT.has(button.topicId)),
  });
}

/**
 * A request the person did not start: the first words are "Deny it", then contact IT now. It never
 * tells them to approve anything and never offers a self-service reset.
 */
export function createUnrequestedPromptCard(guide: Guide, support: SupportContact): AdaptiveCard {
  const topic = guide.topic(UNREQUESTED_TOPIC_ID);
  if (!topic) throw new Error(`The guide has no "${UNREQUESTED_TOPIC_ID}" topic`);
  const data = answerCardData({ ...topic, warning: 'unrequested' }, guide, support);
  return createAnswerCard({
    ...data,
    related: data.related.filter(
      (button) => !NEVER_FROM_A_PROMPT.has(button.topicId) && button.topicId !== REAUTH_TOPIC_ID,
    ),
  });
}
