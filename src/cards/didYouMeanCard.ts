import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, mailtoLink, type AdaptiveCard } from './adaptiveCard';
import type { SupportContact } from './answerCard';
import template from './templates/didYouMean.json';

export interface DidYouMeanCardData {
  readonly candidates: readonly { topicId: string; title: string; verb: string }[];
  readonly menuVerb: string;
  readonly supportUrl: string;
}

export function didYouMeanCardData(
  candidates: readonly { topicId: string; title: string }[],
  support: SupportContact,
): DidYouMeanCardData {
  return {
    candidates: candidates.map((candidate) => ({ ...candidate, verb: ACTION_VERBS.showTopic })),
    menuVerb: ACTION_VERBS.showMenu,
    supportUrl: mailtoLink(support.email, 'Microsoft 365 setup question'),
  };
}

/** "Did you mean": the two or three best topics as buttons, for a message the bot is unsure of. */
export function createDidYouMeanCard(data: DidYouMeanCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
