import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, mailtoLink, type AdaptiveCard } from './adaptiveCard';
import type { SupportContact } from './answerCard';
import template from './templates/didYouMean.json';

export interface DidYouMeanCardData {
  readonly question: string;
  readonly candidates: readonly { topicId: string; title: string; verb: string }[];
  readonly menuVerb: string;
  readonly supportUrl: string;
}

const QUESTION_PREVIEW_LENGTH = 80;

export function didYouMeanCardData(
  question: string,
  candidates: readonly { topicId: string; title: string }[],
  support: SupportContact,
): DidYouMeanCardData {
  const preview = question.trim().replace(/\s+/g, ' ');
  return {
    question:
      preview.length > QUESTION_PREVIEW_LENGTH ? `${preview.slice(0, QUESTION_PREVIEW_LENGTH)}…` : preview,
    candidates: candidates.map((candidate) => ({ ...candidate, verb: ACTION_VERBS.showTopic })),
    menuVerb: ACTION_VERBS.showMenu,
    supportUrl: mailtoLink(support.email, 'Microsoft 365 setup question'),
  };
}

/** "Did you mean": the two or three best topics as buttons, for a message the bot is unsure of. */
export function createDidYouMeanCard(data: DidYouMeanCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
