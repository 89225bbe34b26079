import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, mailtoLink, type AdaptiveCard } from './adaptiveCard';
import type { SupportContact } from './answerCard';
import template from './templates/question.json';

export interface QuestionButton {
  readonly topicId: string;
  readonly title: string;
}

export interface QuestionCardData {
  readonly heading: string;
  readonly text: string;
  readonly hasText: boolean;
  readonly buttons: readonly (QuestionButton & { verb: string })[];
  readonly hasSupport: boolean;
  readonly supportUrl: string;
}

/** A short question with one button per possible answer, each showing that topic's answer. */
export function questionCardData(
  heading: string,
  text: string,
  buttons: readonly QuestionButton[],
  support?: SupportContact,
): QuestionCardData {
  return {
    heading,
    text,
    hasText: text !== '',
    buttons: buttons.map((button) => ({ ...button, verb: ACTION_VERBS.showTopic })),
    hasSupport: support !== undefined,
    supportUrl: support ? mailtoLink(support.email, 'Microsoft 365 setup question') : '',
  };
}

/** A clarifying or follow-up question: a heading, a line, and the topics as buttons. */
export function createQuestionCard(data: QuestionCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
