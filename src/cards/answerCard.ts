import type { ExternalLink, Guide, GuideStep, GuideTopic, Warning } from '../guide/types';
import { ACTION_VERBS } from './actionVerbs';
import { cardText } from './cardText';
import { expandTemplate, mailtoLink, type AdaptiveCard } from './adaptiveCard';
import template from './templates/answer.json';

export interface AnswerStepData {
  readonly number: number;
  readonly text: string;
  readonly section: string;
  readonly startsSection: boolean;
  /** Per-app instructions and sub-points, one line each. */
  readonly lines: readonly string[];
  readonly note: string;
  readonly hasNote: boolean;
}

export interface TopicButtonData {
  readonly topicId: string;
  readonly label: string;
  readonly verb: string;
}

export interface AnswerCardData {
  readonly title: string;
  readonly summary: string;
  readonly hasWarning: boolean;
  readonly warning?: Warning;
  readonly steps: readonly AnswerStepData[];
  readonly notes: readonly string[];
  readonly links: readonly ExternalLink[];
  readonly related: readonly TopicButtonData[];
  readonly supportUrl: string;
}

/** Where the "Contact IT support" buttons lead. */
export interface SupportContact {
  readonly name: string;
  readonly email: string;
}

export function stepLines(step: GuideStep): string[] {
  return [
    ...step.variants.map((variant) => `**${variant.label}:** ${cardText(variant.steps.join(' → '))}`),
    ...step.details.map((detail) => `• ${cardText(detail)}`),
  ];
}

/** Steps numbered from 1 within each section: sections are separate paths, not one sequence. */
export function answerStepsData(steps: readonly GuideStep[]): AnswerStepData[] {
  let number = 0;
  return steps.map((step, index) => {
    const startsSection = step.section !== undefined && step.section !== steps[index - 1]?.section;
    number = startsSection ? 1 : number + 1;
    return {
      number,
      text: cardText(step.text),
      section: step.section ?? '',
      startsSection,
      lines: stepLines(step),
      note: step.note ?? '',
      hasNote: step.note !== undefined,
    };
  });
}

export function topicButtons(topics: readonly { topicId: string; label: string }[]): TopicButtonData[] {
  return topics.map(({ topicId, label }) => ({ topicId, label, verb: ACTION_VERBS.showTopic }));
}

/** The data of a guide topic's answer card, with the topic's warning banner where it has one. */
export function answerCardData(topic: GuideTopic, guide: Guide, support: SupportContact): AnswerCardData {
  const warning = topic.warning && guide.warnings[topic.warning];
  return {
    title: topic.title,
    summary: topic.summary,
    hasWarning: warning !== undefined,
    warning,
    steps: answerStepsData(topic.steps),
    notes: topic.notes,
    links: topic.links,
    related: topicButtons(topic.related.slice(0, 4)),
    supportUrl: mailtoLink(support.email, `Microsoft 365 setup: ${topic.title}`),
  };
}

/** Answer card: title, numbered steps with per-app variants, warning banner, related-topic buttons. */
export function createAnswerCard(data: AnswerCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
