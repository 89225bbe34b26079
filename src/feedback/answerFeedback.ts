import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutboundMessage } from '../assistant/assistant';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import { withDetailReceived, withFeedbackButtons, withThanks, type AnswerReference } from './feedbackCard';
import type { FeedbackRepository } from './feedbackRepository';
import { FEEDBACK_DETAIL_INPUT, FEEDBACK_VERB_SET, FEEDBACK_VERBS } from './feedbackVerbs';

/** Long questions are cut to this in the buttons' data and the stored feedback. */
export const MAX_QUESTION_LENGTH = 500;
const MAX_DETAIL_LENGTH = 1000;

const referenceSchema = z.object({
  topicId: z.string().min(1).max(100),
  answerId: z.string().min(1).max(64),
  question: z.string().max(MAX_QUESTION_LENGTH).optional(),
});
const rateSchema = referenceSchema.extend({
  helpful: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]),
});
const detailSchema = referenceSchema.extend({
  [FEEDBACK_DETAIL_INPUT]: z.string().max(MAX_DETAIL_LENGTH).optional(),
});

/** The answer a pressed button belongs to, rebuilt for the person who pressed it. */
export interface AnsweredTopic {
  readonly card: AdaptiveCard;
  readonly title: string;
}

/** What a feedback press produces: the card that replaces the pressed one. */
export interface FeedbackOutcome {
  readonly card: AdaptiveCard;
}

/**
 * "Was this helpful?" under answer cards: adds the buttons, records each press (one vote per person
 * and answer) and answers with the card updated in place.
 */
export class AnswerFeedback {
  constructor(private readonly feedback: FeedbackRepository) {}

  handles(verb: string | undefined): boolean {
    return verb !== undefined && FEEDBACK_VERB_SET.has(verb);
  }

  /** The answer message with the feedback buttons; `question` is what the person typed, if they did. */
  withButtons(message: OutboundMessage, topicId: string, question?: string): OutboundMessage {
    if (!message.card) return message;
    const trimmed = question?.trim().slice(0, MAX_QUESTION_LENGTH);
    const reference: AnswerReference = {
      topicId,
      answerId: randomUUID(),
      ...(trimmed ? { question: trimmed } : {}),
    };
    return { ...message, card: withFeedbackButtons(message.card, reference) };
  }

  /**
   * A press of "Helpful", "Not helpful" or "Send". Undefined when the data is not a feedback button's
   * or its topic is unknown (the caller shows "out of date").
   */
  async onAction(
    verb: string | undefined,
    data: unknown,
    personKey: string,
    answerOf: (topicId: string) => Promise<AnsweredTopic | undefined>,
  ): Promise<FeedbackOutcome | undefined> {
    if (verb === FEEDBACK_VERBS.rate) {
      const parsed = rateSchema.safeParse(data);
      if (!parsed.success) return undefined;
      const { helpful, ...reference } = parsed.data;
      const answer = await answerOf(reference.topicId);
      if (!answer) return undefined;
      await this.feedback.rate(personKey, { ...reference, helpful });
      return { card: withThanks(answer.card, reference, helpful, { topicTitle: answer.title }) };
    }
    if (verb === FEEDBACK_VERBS.detail) {
      const parsed = detailSchema.safeParse(data);
      if (!parsed.success) return undefined;
      const { [FEEDBACK_DETAIL_INPUT]: detail, ...reference } = parsed.data;
      const answer = await answerOf(reference.topicId);
      if (!answer) return undefined;
      const text = detail?.trim();
      if (text) await this.feedback.addDetail(personKey, reference.answerId, text);
      return { card: withDetailReceived(answer.card, reference, { topicTitle: answer.title }) };
    }
    return undefined;
  }
}
