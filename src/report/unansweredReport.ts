import { systemClock, type Clock } from '../clock';
import type { FeedbackRepository } from '../feedback/feedbackRepository';
import type { Guide } from '../guide/types';
import { OUT_OF_SCOPE_TOPIC } from '../understanding/trainingData';
import type { Understanding } from '../understanding/understanding';
import { helpfulnessByTopic, type TopicHelpfulness } from './helpfulness';
import { groupQuestions, wordingKey, type GroupableQuestion, type QuestionGroup } from './questionGroups';
import type { QuestionLog } from './questionLog';

/** A group as reported: with the guessed topic's title. */
export interface ReportedGroup extends QuestionGroup {
  readonly guessedTopicTitle?: string;
}

export interface UnansweredReport {
  readonly generatedAt: string;
  /** Questions counted in the groups: out of scope, clarifying, and answers voted not helpful. */
  readonly questions: number;
  readonly groups: readonly ReportedGroup[];
  readonly helpfulness: readonly TopicHelpfulness[];
}

/** How many training messages use each term, per trained understanding. */
const frequencies = new WeakMap<Understanding, ReadonlyMap<string, number>>();

function documentFrequencies(understanding: Understanding): ReadonlyMap<string, number> {
  let counts = frequencies.get(understanding);
  if (!counts) {
    const built = new Map<string, number>();
    for (const message of understanding.trainingMessages)
      for (const term of new Set(understanding.normalizer.terms(message.text)))
        built.set(term, (built.get(term) ?? 0) + 1);
    counts = built;
    frequencies.set(understanding, counts);
  }
  return counts;
}

/**
 * The unanswered-questions report: what people asked that the bot could not answer (or answered
 * unhelpfully), grouped by similar wording, and each topic's helpfulness.
 */
export class UnansweredReportBuilder {
  constructor(
    private readonly log: QuestionLog,
    private readonly feedback: FeedbackRepository,
    private readonly guide: Guide,
    private readonly understanding: () => Understanding,
    /** The wordings IT has already taught the bot: no longer reported. */
    private readonly taught: () => Promise<readonly { readonly text: string }[]>,
    private readonly now: Clock = systemClock,
  ) {}

  /** A topic's title for people; the id itself when the guide no longer has it. */
  titleOf(topicId: string): string {
    if (topicId === OUT_OF_SCOPE_TOPIC) return 'Not about the setup';
    return this.guide.topic(topicId)?.shortTitle ?? topicId;
  }

  async build(): Promise<UnansweredReport> {
    const [recorded, votes, examples] = await Promise.all([
      this.log.all(),
      this.feedback.all(),
      this.taught(),
    ]);
    const taught = new Set(examples.map((example) => wordingKey(example.text)));
    const asked: GroupableQuestion[] = [
      ...recorded,
      ...votes
        .filter((vote) => !vote.helpful && vote.question)
        .map((vote) => ({
          text: vote.question as string,
          outcome: 'notHelpful' as const,
          guessedTopicId: vote.topicId,
        })),
    ];
    const questions = asked.filter((question) => !taught.has(wordingKey(question.text)));
    const understanding = this.understanding();
    const counts = documentFrequencies(understanding);
    const groups = groupQuestions(
      questions,
      (text) => understanding.normalizer.terms(text),
      (term) => counts.get(term) ?? 0,
    );
    return {
      generatedAt: this.now().toISOString(),
      questions: questions.length,
      groups: groups.map((group) => ({
        ...group,
        ...(group.guessedTopicId ? { guessedTopicTitle: this.titleOf(group.guessedTopicId) } : {}),
      })),
      helpfulness: helpfulnessByTopic(votes, (topicId) => this.titleOf(topicId)),
    };
  }
}
