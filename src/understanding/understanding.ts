import type { Guide } from '../guide/types';
import { stem } from './stem';
import { TextNormalizer, words } from './textNormalizer';
import { TopicClassifier, type TopicScore } from './topicClassifier';

/** What the bot made of a message. */
export type Intent =
  | { readonly kind: 'empty' }
  | { readonly kind: 'tooLong'; readonly length: number }
  | { readonly kind: 'menu' }
  | { readonly kind: 'thanks' }
  | { readonly kind: 'outOfScope'; readonly reason: 'off-topic term' | 'no match' }
  | { readonly kind: 'didYouMean'; readonly candidates: readonly TopicScore[] }
  | {
      readonly kind: 'topic';
      readonly topicId: string;
      readonly score: number;
      /** True when the message is about a sign-in/approval prompt or an "expired" password. */
      readonly safety: boolean;
    };

export const MAX_MESSAGE_LENGTH = 1000;

/** The topic that carries the do-not-reset warning, and the one that must never be sent instead of it. */
export const REAUTH_TOPIC = 'reauth_prompt';
const PASSWORD_RESET_TOPIC = 'sspr';

const MENU_WORDS = new Set([
  'menu',
  'topic',
  'option',
  'command',
  'start',
  'begin',
  'list',
  'guide',
  'setup',
  'faq',
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
]);
const GRATITUDE = new Set(['thank', 'thanks', 'thx', 'ty', 'cheers', 'ta']);

/** Scores below this are not about the guide at all; between it and SURE, the bot asks. */
const IN_SCOPE_SCORE = 0.12;
const SURE_SCORE = 0.22;
/** The best topic must lead the runner-up by this share of its own score to be answered outright. */
const SURE_LEAD = 0.12;

/**
 * Turns a staff message into an intent: the safety rule first, then off-topic terms, then the
 * topic ranking with its confidence rules. Knows nothing of Teams or Bot Framework.
 */
export class Understanding {
  private readonly normalizer: TextNormalizer;
  private readonly classifier: TopicClassifier;
  private readonly outOfScopeWords: ReadonlySet<string>;
  private readonly outOfScopePhrases: readonly string[][];

  constructor(private readonly guide: Guide) {
    const vocabulary = guide.topics.flatMap((topic) => [
      topic.title,
      topic.summary,
      ...topic.keywords,
      ...topic.examples,
      ...topic.steps.map((step) => step.text),
    ]);
    this.normalizer = new TextNormalizer(guide.synonyms, [...vocabulary, ...guide.outOfScopeTerms]);
    this.classifier = new TopicClassifier(guide.topics, this.normalizer);
    const outOfScope = guide.outOfScopeTerms.map((term) => words(term).map(stem));
    this.outOfScopeWords = new Set(outOfScope.filter((phrase) => phrase.length === 1).map(([word]) => word));
    this.outOfScopePhrases = outOfScope.filter((phrase) => phrase.length > 1);
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
    const terms = this.normalizer.termsOfWords(plainWords);
    if (terms.length === 0 || terms.every((term) => MENU_WORDS.has(term))) return { kind: 'menu' };

    if (this.hasGuideTopic(REAUTH_TOPIC) && isAboutReauthentication(terms)) {
      return { kind: 'topic', topicId: REAUTH_TOPIC, score: 1, safety: true };
    }
    if (this.mentionsOutOfScopeTerm(plainWords)) return { kind: 'outOfScope', reason: 'off-topic term' };

    const ranking = this.classifier.rank(terms);
    const [best, second] = ranking;
    if (!best || best.score < IN_SCOPE_SCORE) return { kind: 'outOfScope', reason: 'no match' };

    // A reset must never be suggested to someone who is looking at a sign-in prompt.
    if (best.topicId === PASSWORD_RESET_TOPIC && mentionsPrompt(terms) && this.hasGuideTopic(REAUTH_TOPIC)) {
      return { kind: 'topic', topicId: REAUTH_TOPIC, score: best.score, safety: true };
    }
    const lead = second ? (best.score - second.score) / best.score : 1;
    if (best.score < SURE_SCORE || lead < SURE_LEAD) {
      const candidates = ranking.filter((entry) => entry.score >= best.score * 0.6).slice(0, 3);
      if (candidates.length > 1) return { kind: 'didYouMean', candidates };
    }
    return { kind: 'topic', topicId: best.topicId, score: best.score, safety: best.topicId === REAUTH_TOPIC };
  }

  /** The ranking itself, for diagnostics and the evaluation report. */
  rank(text: string): TopicScore[] {
    return this.classifier.rank(this.normalizer.terms(text));
  }

  private hasGuideTopic(topicId: string): boolean {
    return this.guide.topic(topicId) !== undefined;
  }

  private mentionsOutOfScopeTerm(plainWords: readonly string[]): boolean {
    const stems = plainWords.map(stem);
    if (stems.some((word) => this.outOfScopeWords.has(word))) return true;
    return this.outOfScopePhrases.some((phrase) =>
      stems.some((_word, start) => phrase.every((part, offset) => stems[start + offset] === part)),
    );
  }
}

const REPEATED = new Set(['keep', 'again', 'constantly', 'repeatedly', 'nonstop', 'every', 'always', 'stop']);

/**
 * Unmistakable signs of a re-authentication: an "expired" password or session (or how often passwords
 * must change), being signed out, being asked to sign in again, or prompts that keep coming.
 */
function isAboutReauthentication(terms: readonly string[]): boolean {
  const has = (term: string) => terms.includes(term);
  if (has('expired') || has('reauth') || has('kicked_out') || has('session')) return true;
  // "How often must we change passwords?" asks about expiry in other words.
  if (has('how_often') && has('password')) return true;
  const repeated = terms.some((term) => REPEATED.has(term));
  if (repeated && (has('prompt') || has('approve'))) return true;
  return has('again') && (has('approve') || has('verify') || has('sign_in'));
}

/** Any hint that a prompt or request is on screen: then a reset is never the answer. */
function mentionsPrompt(terms: readonly string[]): boolean {
  return terms.some((term) => term === 'prompt' || term === 'approve' || REPEATED.has(term));
}
