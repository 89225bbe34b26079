import * as path from 'node:path';
import type { Guide } from '../guide/types';
import { followUpOf, type FollowUp } from './followUps';
import { detectSafety, REAUTH_TOPIC, UNREQUESTED_TOPIC, type SafetyVerdict } from './safetyDetector';
import { TextNormalizer, words } from './textNormalizer';
import { trainedTopicModel, trainingTexts, type TopicModel, type TopicProbability } from './topicModel';
import { loadTrainingData, OUT_OF_SCOPE_TOPIC, type LabelledMessage } from './trainingData';

export { REAUTH_TOPIC, UNREQUESTED_TOPIC };

/** What the bot made of a message. */
export type Intent =
  | { readonly kind: 'empty' }
  | { readonly kind: 'tooLong'; readonly length: number }
  | { readonly kind: 'menu' }
  | { readonly kind: 'thanks' }
  | { readonly kind: 'outOfScope'; readonly reason: 'classifier' | 'no match' }
  /** Unsure between two topics: one question, two buttons. */
  | { readonly kind: 'clarify'; readonly candidates: readonly [TopicProbability, TopicProbability] }
  /** Only makes sense with what was said before ("and on my phone?", "that didn't work"). */
  | {
      readonly kind: 'followUp';
      readonly followUp: FollowUp;
      /** The message itself mentions a sign-in or approval prompt (the warning must win then). */
      readonly promptMentioned: boolean;
    }
  | {
      readonly kind: 'topic';
      readonly topicId: string;
      /** The calibrated probability of the topic (1 for a safety rule). */
      readonly score: number;
      /** True for the two safety situations: a prompt the person started, or one they did not. */
      readonly safety: boolean;
      /** They approved a request they did not start: tell them to call IT first. */
      readonly approvedUnstarted?: boolean;
    };

/** Long help-desk messages are read whole up to this length; longer ones are asked to be shorter. */
export const MAX_MESSAGE_LENGTH = 4000;

/** Answered outright when the best topic is at least this likely… */
const ANSWER_PROBABILITY = 0.42;
/** …or leads the runner-up by this much. */
const ANSWER_LEAD = 0.2;
/** Two topics closer than this are a tie, however likely the first: ask which one is meant. */
const TIE_LEAD = 0.1;
/** Below ANSWER, the top two together must be this likely for a question between them to make sense. */
const CLARIFY_PAIR_PROBABILITY = 0.55;
/** Below this, the message is not about the setup. */
const IN_SCOPE_PROBABILITY = 0.25;

const MENU_WORDS = new Set([
  'menu',
  'topics',
  'topic',
  'options',
  'help',
  'start',
  'list',
  'faq',
  'guide',
  'hi',
  'hello',
  'hey',
  'what',
  'can',
  'you',
  'do',
  'me',
  'the',
  'show',
  'there',
  'please',
  'good',
  'morning',
]);
const THANKS_WORDS = new Set([
  'thank',
  'thanks',
  'thx',
  'ty',
  'cheers',
  'ta',
  'great',
  'perfect',
  'awesome',
  'brilliant',
  'you',
  'so',
  'much',
  'very',
  'a',
  'lot',
  'ok',
  'okay',
  'that',
  'worked',
  'got',
  'it',
  'many',
  'all',
  'good',
  'sorted',
  'fixed',
  'now',
]);
const GRATITUDE = new Set(['thank', 'thanks', 'thx', 'ty', 'cheers', 'ta', 'worked', 'sorted', 'fixed']);

/** Where the training corpus lives: `training/` next to the guide file. */
export function trainingFolderOf(guide: Guide): string {
  return path.join(path.dirname(guide.sourceFile), 'training');
}

/**
 * Turns a staff message into an intent: the safety detector first, then the trained topic model
 * with its calibrated confidence (answer, ask one question, or say it is outside the setup).
 * Knows nothing of Teams or Bot Framework.
 */
export class Understanding {
  readonly model: TopicModel;
  readonly normalizer: TextNormalizer;
  readonly trainingMessages: readonly LabelledMessage[];

  constructor(
    private readonly guide: Guide,
    trainingMessages?: readonly LabelledMessage[],
  ) {
    const topicIds = guide.topics.map((topic) => topic.id);
    this.trainingMessages = trainingMessages ?? loadTrainingData(trainingFolderOf(guide), new Set(topicIds));
    const vocabulary = [
      ...guide.topics.flatMap((topic) => [
        topic.title,
        topic.summary,
        ...topic.keywords,
        ...topic.examples,
        ...topic.steps.map((step) => step.text),
      ]),
      ...guide.outOfScopeTerms,
      ...this.trainingMessages.map((message) => message.text),
    ];
    this.normalizer = new TextNormalizer(guide.synonyms, vocabulary);
    this.model = trainedTopicModel(
      this.normalizer,
      topicIds,
      trainingTexts(guide.topics, this.trainingMessages, guide.outOfScopeTerms),
      JSON.stringify([guide.synonyms, vocabulary.length]),
    );
  }

  understand(text: string): Intent {
    const trimmed = text.trim();
    const plainWords = words(trimmed);
    if (plainWords.length === 0) return { kind: 'empty' };
    if (trimmed.length > MAX_MESSAGE_LENGTH) return { kind: 'tooLong', length: trimmed.length };
    if (
      plainWords.some((word) => GRATITUDE.has(word)) &&
      plainWords.every((word) => THANKS_WORDS.has(word))
    ) {
      return { kind: 'thanks' };
    }
    if (plainWords.every((word) => MENU_WORDS.has(word))) {
      return { kind: 'menu' };
    }
    const ranking = this.model.rankWords(plainWords);
    const followUp = followUpOf(plainWords);
    if (followUp) {
      // Safety first: "my phone keeps buzzing" is a report of prompts, not "your answer did not work".
      // Only "it still asks" after an answer keeps its follow-up meaning, which knows what came before.
      const situation = detectSafety(trimmed, ranking).situation;
      if (situation === 'unrequested' || (situation === 'reauth' && followUp !== 'stillAsks'))
        return this.interpret(trimmed, ranking);
      return { kind: 'followUp', followUp, promptMentioned: situation === 'reauth' };
    }
    return this.interpret(trimmed, ranking);
  }

  /** What a message means, given the topic model's ranking of it (also used by cross-validation). */
  interpret(text: string, ranking: readonly TopicProbability[]): Intent {
    const verdict = detectSafety(text, ranking);
    if (verdict.situation) {
      const topicId = verdict.situation === 'unrequested' ? UNREQUESTED_TOPIC : REAUTH_TOPIC;
      if (this.guide.topic(topicId)) {
        return {
          kind: 'topic',
          topicId,
          score: ranking.find((entry) => entry.topicId === topicId)?.probability ?? 1,
          safety: true,
          approvedUnstarted: verdict.approvedUnstarted,
        };
      }
    }
    return decide(ranking, (topicId) => topicId !== REAUTH_TOPIC && topicId !== UNREQUESTED_TOPIC);
  }

  /** The safety detector's verdict on a message. */
  safety(text: string, ranking: readonly TopicProbability[] = this.rank(text)): SafetyVerdict {
    return detectSafety(text, ranking);
  }

  /** Every topic's calibrated probability, most likely first. */
  rank(text: string): TopicProbability[] {
    return this.model.rank(text);
  }
}

/**
 * Answer, ask, or say it is outside the setup, from the calibrated probabilities. The safety topics
 * are decided by the safety detector alone; here they only count as "something else".
 */
export function decide(
  ranking: readonly TopicProbability[],
  answerable: (topicId: string) => boolean,
): Intent {
  const candidates = ranking.filter((entry) => answerable(entry.topicId));
  const [best, second] = candidates;
  if (!best) return { kind: 'outOfScope', reason: 'no match' };
  const lead = best.probability - (second?.probability ?? 0);
  if ((best.probability >= ANSWER_PROBABILITY && lead >= TIE_LEAD) || lead >= ANSWER_LEAD || !second) {
    return best.topicId === OUT_OF_SCOPE_TOPIC
      ? { kind: 'outOfScope', reason: 'classifier' }
      : { kind: 'topic', topicId: best.topicId, score: best.probability, safety: false };
  }
  const bothTopics = best.topicId !== OUT_OF_SCOPE_TOPIC && second.topicId !== OUT_OF_SCOPE_TOPIC;
  if (bothTopics && best.probability + second.probability >= CLARIFY_PAIR_PROBABILITY) {
    return { kind: 'clarify', candidates: [best, second] };
  }
  if (best.topicId === OUT_OF_SCOPE_TOPIC || best.probability < IN_SCOPE_PROBABILITY) {
    return { kind: 'outOfScope', reason: best.topicId === OUT_OF_SCOPE_TOPIC ? 'classifier' : 'no match' };
  }
  return { kind: 'topic', topicId: best.topicId, score: best.probability, safety: false };
}
