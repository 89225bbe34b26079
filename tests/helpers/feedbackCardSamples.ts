import type { Assistant, OutboundMessage } from '../../src/assistant/assistant';
import { createUnansweredReportCard } from '../../src/cards/unansweredReportCard';
import { withDetailReceived, withFeedbackButtons, withThanks } from '../../src/feedback/feedbackCard';
import type { UnansweredReport } from '../../src/report/unansweredReport';

const LONG_QUESTION = 'my outlook on the laptop keeps asking for my password '.repeat(20).slice(0, 500);

/** The answer cards with feedback (before and after a press) and the report card, at their largest. */
export function feedbackCardSamples(assistant: Assistant): [string, OutboundMessage][] {
  const { guide } = assistant;
  const samples: [string, OutboundMessage][] = [];
  for (const topic of guide.topics) {
    const answer = assistant.topicAnswer(topic.id) as OutboundMessage & {
      card: NonNullable<OutboundMessage['card']>;
    };
    const reference = {
      topicId: topic.id,
      answerId: '4f9c0e8a-5d6b-4c1e-9a7f-2b3c4d5e6f70',
      question: LONG_QUESTION,
    };
    const fallback = { topicTitle: topic.shortTitle };
    samples.push(
      [
        `topic ${topic.id} with feedback buttons`,
        { ...answer, card: withFeedbackButtons(answer.card, reference) },
      ],
      [
        `topic ${topic.id} after "Not helpful"`,
        { ...answer, card: withThanks(answer.card, reference, false, fallback) },
      ],
    );
  }
  const answer = assistant.topicAnswer('outlook_reconfigure') as OutboundMessage & {
    card: NonNullable<OutboundMessage['card']>;
  };
  const reference = { topicId: 'outlook_reconfigure', answerId: 'a' };
  samples.push(
    [
      'answer after "Helpful"',
      { ...answer, card: withThanks(answer.card, reference, true, { topicTitle: 'x' }) },
    ],
    [
      'answer after "Send"',
      { ...answer, card: withDetailReceived(answer.card, reference, { topicTitle: 'x' }) },
    ],
  );
  const report: UnansweredReport = {
    generatedAt: '2026-12-01T09:00:00.000Z',
    questions: 500,
    groups: Array.from({ length: 12 }, (_, index) => ({
      count: 40 - index,
      examples: [
        LONG_QUESTION,
        `[link](https://evil.example) **${index}** <b>x</b>`,
        'dogs allowed in the office?',
      ],
      guessedTopicId: 'outlook_reconfigure',
      guessedTopicTitle: 'Fix Outlook on Windows',
      outcomes: { outOfScope: 20, clarify: 10, notHelpful: 10 - index },
      keyTerm: 'outlook',
    })),
    helpfulness: guide.topics.map((topic) => ({
      topicId: topic.id,
      title: topic.shortTitle,
      helpful: 120,
      notHelpful: 30,
      helpfulPercent: 80,
    })),
  };
  const topics = [...guide.topics.map((topic) => ({ topicId: topic.id, title: topic.shortTitle }))];
  samples.push(
    [
      'unanswered-questions report',
      { text: 'x', card: createUnansweredReportCard(report, topics, 'Added it.') },
    ],
    [
      'empty unanswered-questions report',
      {
        text: 'x',
        card: createUnansweredReportCard({ ...report, questions: 0, groups: [], helpfulness: [] }, topics),
      },
    ],
  );
  return samples;
}
