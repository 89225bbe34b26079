/** How questions are told apart: the outcome the person got. */
export type QuestionOutcome = 'outOfScope' | 'clarify' | 'notHelpful';

export interface GroupableQuestion {
  readonly text: string;
  readonly outcome: QuestionOutcome;
  readonly guessedTopicId?: string;
}

export interface QuestionGroup {
  readonly count: number;
  /** Distinct wordings, most frequent first (at most MAX_EXAMPLES). */
  readonly examples: readonly string[];
  /** The topic the bot guessed most often for these wordings. */
  readonly guessedTopicId?: string;
  readonly outcomes: Readonly<Record<QuestionOutcome, number>>;
  /** The term the group is known by: the rarest one its first wording uses. */
  readonly keyTerm: string;
}

/** Two wordings whose term sets overlap this much (Jaccard) are one question. */
export const SIMILARITY_THRESHOLD = 0.6;
export const MAX_EXAMPLES = 3;

interface Member {
  readonly question: GroupableQuestion;
  readonly terms: ReadonlySet<string>;
  readonly keyTerm: string;
}

/** Wordings that differ only in case, punctuation or spacing are the same wording. */
export function wordingKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Groups similar wordings. Each wording becomes the bot's own normalised terms (synonyms joined, typos
 * corrected, stems); two wordings are one question when their term sets overlap by at least 60%
 * (Jaccard), or when their most distinctive term is the same: the term the bot's training data uses
 * least ("dog" in "can I bring my dog to work" and "dogs allowed in the office?"). A wording joins
 * the first group it matches; groups are listed largest first.
 */
export function groupQuestions(
  questions: readonly GroupableQuestion[],
  termsOf: (text: string) => readonly string[],
  /** How many training messages use the term (0 for one the bot never saw). */
  documentFrequency: (term: string) => number,
): QuestionGroup[] {
  const groups: Member[][] = [];
  for (const question of questions) {
    const terms = new Set(termsOf(question.text));
    const member: Member = { question, terms, keyTerm: keyTermOf(terms, question.text, documentFrequency) };
    const group = groups.find((candidate) =>
      candidate.some(
        (other) => other.keyTerm === member.keyTerm || jaccard(other.terms, terms) >= SIMILARITY_THRESHOLD,
      ),
    );
    if (group) group.push(member);
    else groups.push([member]);
  }
  return groups.map(summarise).sort((a, b) => b.count - a.count || a.keyTerm.localeCompare(b.keyTerm));
}

function keyTermOf(
  terms: ReadonlySet<string>,
  text: string,
  documentFrequency: (term: string) => number,
): string {
  let best: string | undefined;
  for (const term of terms) {
    if (
      best === undefined ||
      documentFrequency(term) < documentFrequency(best) ||
      (documentFrequency(term) === documentFrequency(best) && term < best)
    )
      best = term;
  }
  return best ?? text.trim().toLowerCase();
}

function summarise(members: readonly Member[]): QuestionGroup {
  const wordings = new Map<string, { text: string; count: number }>();
  const guesses = new Map<string, number>();
  const outcomes: Record<QuestionOutcome, number> = { outOfScope: 0, clarify: 0, notHelpful: 0 };
  for (const { question } of members) {
    const key = wordingKey(question.text);
    const wording = wordings.get(key) ?? { text: question.text.trim(), count: 0 };
    wording.count++;
    wordings.set(key, wording);
    if (question.guessedTopicId)
      guesses.set(question.guessedTopicId, (guesses.get(question.guessedTopicId) ?? 0) + 1);
    outcomes[question.outcome]++;
  }
  const examples = [...wordings.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_EXAMPLES)
    .map((wording) => wording.text);
  const guessedTopicId = [...guesses].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    count: members.length,
    examples,
    ...(guessedTopicId ? { guessedTopicId } : {}),
    outcomes,
    keyTerm: members[0].keyTerm,
  };
}
