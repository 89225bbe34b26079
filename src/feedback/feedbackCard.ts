import type { AdaptiveCard } from '../cards/adaptiveCard';
import { ESCALATION_ASK_VERB, FEEDBACK_DETAIL_INPUT, FEEDBACK_VERBS } from './feedbackVerbs';

/** Which answer a feedback button belongs to. */
export interface AnswerReference {
  readonly topicId: string;
  /** Random per answer sent: one vote per person and answer. */
  readonly answerId: string;
  /** What the person typed (absent for answers opened with a topic button). */
  readonly question?: string;
}

/** What the "Ask IT" button hands over when there is no typed question. */
export interface AskItFallback {
  readonly topicTitle: string;
}

const SECTION_ID = 'answerFeedback';

function referenceData(reference: AnswerReference): Record<string, string> {
  return {
    topicId: reference.topicId,
    answerId: reference.answerId,
    ...(reference.question ? { question: reference.question } : {}),
  };
}

function withSection(card: AdaptiveCard, items: readonly unknown[]): AdaptiveCard {
  return {
    ...card,
    body: [...card.body, { type: 'Container', id: SECTION_ID, separator: true, spacing: 'Medium', items }],
  };
}

function askItButton(reference: AnswerReference, fallback: AskItFallback): unknown {
  return {
    type: 'Action.Execute',
    title: 'Ask IT',
    verb: ESCALATION_ASK_VERB,
    data: { question: reference.question ?? fallback.topicTitle },
  };
}

/** The answer card with "Was this helpful?" and its two buttons at the bottom. */
export function withFeedbackButtons(card: AdaptiveCard, reference: AnswerReference): AdaptiveCard {
  const rate = (helpful: boolean) => ({
    type: 'Action.Execute',
    title: helpful ? 'Helpful' : 'Not helpful',
    verb: FEEDBACK_VERBS.rate,
    data: { ...referenceData(reference), helpful },
  });
  return withSection(card, [
    { type: 'TextBlock', text: 'Was this helpful?', wrap: true, weight: 'Bolder' },
    { type: 'ActionSet', actions: [rate(true), rate(false)] },
  ]);
}

/**
 * After a press: "Thanks for the feedback" instead of the buttons. "Not helpful" also asks one
 * optional question and offers "Ask IT".
 */
export function withThanks(
  card: AdaptiveCard,
  reference: AnswerReference,
  helpful: boolean,
  fallback: AskItFallback,
): AdaptiveCard {
  const thanks = { type: 'TextBlock', text: 'Thanks for the feedback', wrap: true, weight: 'Bolder' };
  if (helpful) return withSection(card, [thanks]);
  return withSection(card, [
    thanks,
    {
      type: 'Input.Text',
      id: FEEDBACK_DETAIL_INPUT,
      label: 'What were you looking for? (optional)',
      placeholder: 'A few words help IT improve the answers',
      isMultiline: true,
      maxLength: 1000,
    },
    {
      type: 'ActionSet',
      actions: [
        {
          type: 'Action.Execute',
          title: 'Send',
          verb: FEEDBACK_VERBS.detail,
          data: referenceData(reference),
        },
        askItButton(reference, fallback),
      ],
    },
  ]);
}

/** After "Send": the thanks, and "Ask IT" still there. */
export function withDetailReceived(
  card: AdaptiveCard,
  reference: AnswerReference,
  fallback: AskItFallback,
): AdaptiveCard {
  return withSection(card, [
    { type: 'TextBlock', text: 'Thanks for the feedback', wrap: true, weight: 'Bolder' },
    {
      type: 'TextBlock',
      text: 'IT will use what you were looking for to improve the answers.',
      wrap: true,
      isSubtle: true,
    },
    { type: 'ActionSet', actions: [askItButton(reference, fallback)] },
  ]);
}
