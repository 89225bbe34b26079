import type { FeedbackRecord } from '../feedback/feedbackRepository';

export interface TopicHelpfulness {
  readonly topicId: string;
  readonly title: string;
  readonly helpful: number;
  readonly notHelpful: number;
  /** Helpful votes as a whole percentage of all votes; null without votes. */
  readonly helpfulPercent: number | null;
}

/** Per topic: helpful and not helpful votes (each person's current vote per answer) and the share. */
export function helpfulnessByTopic(
  votes: readonly Pick<FeedbackRecord, 'topicId' | 'helpful'>[],
  titleOf: (topicId: string) => string,
): TopicHelpfulness[] {
  const counts = new Map<string, { helpful: number; notHelpful: number }>();
  for (const vote of votes) {
    const count = counts.get(vote.topicId) ?? { helpful: 0, notHelpful: 0 };
    if (vote.helpful) count.helpful++;
    else count.notHelpful++;
    counts.set(vote.topicId, count);
  }
  return [...counts]
    .map(([topicId, { helpful, notHelpful }]) => ({
      topicId,
      title: titleOf(topicId),
      helpful,
      notHelpful,
      helpfulPercent:
        helpful + notHelpful === 0 ? null : Math.round((100 * helpful) / (helpful + notHelpful)),
    }))
    .sort(
      (a, b) => b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || a.topicId.localeCompare(b.topicId),
    );
}
