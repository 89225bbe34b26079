import { editDistance } from './editDistance';
import { stem } from './stem';
import { KEPT_WORDS, STOPWORDS } from './stopwords';

/** Splits text into plain lower-case words: markup, mentions and punctuation removed. */
export function words(text: string): string[] {
  return text
    .replace(/\bIT\b/g, ' itsupport ')
    .toLowerCase()
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ')
    .replace(/[\u2018\u2019\u0060\u00b4']/g, '')
    .split(/[^a-z0-9+]+/)
    .filter((word) => word !== '');
}

interface SynonymPhrase {
  readonly words: readonly string[];
  readonly canonical: string;
}

/**
 * Turns a message into the canonical terms the classifier compares: synonym phrases become one term
 * ("two-factor" and "2FA" both become `mfa`), misspellings are corrected against the guide's own
 * vocabulary, and the remaining words are stemmed.
 */
export class TextNormalizer {
  private readonly phrasesByFirstWord = new Map<string, SynonymPhrase[]>();
  private readonly vocabulary = new Set<string>();
  private readonly vocabularyByLength = new Map<number, string[]>();
  private readonly corrections = new Map<string, string>();

  constructor(synonyms: readonly (readonly string[])[], vocabularyText: readonly string[]) {
    for (const group of synonyms) {
      const canonical = words(group[0]).join('_');
      for (const entry of group) {
        const phraseWords = words(entry);
        if (phraseWords.length === 0) continue;
        const list = this.phrasesByFirstWord.get(phraseWords[0]) ?? [];
        list.push({ words: phraseWords, canonical });
        this.phrasesByFirstWord.set(phraseWords[0], list);
        phraseWords.forEach((word) => this.addToVocabulary(word));
      }
    }
    for (const list of this.phrasesByFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
    for (const text of vocabularyText) words(text).forEach((word) => this.addToVocabulary(word));
    STOPWORDS.forEach((word) => this.addToVocabulary(word));
  }

  /** Canonical terms of `text`, in order, without stopwords. */
  terms(text: string): string[] {
    return this.termsOfWords(words(text));
  }

  /** The same, for text already split by `words`. */
  termsOfWords(plainWords: readonly string[]): string[] {
    const corrected = plainWords.map((word) => this.correct(word));
    const result: string[] = [];
    for (let i = 0; i < corrected.length;) {
      const phrase = this.longestPhraseAt(corrected, i);
      if (phrase) {
        result.push(phrase.canonical);
        i += phrase.words.length;
        continue;
      }
      const word = corrected[i++];
      if (STOPWORDS.has(word) && !KEPT_WORDS.has(word)) continue;
      result.push(stem(word));
    }
    return result;
  }

  /** Whether `word` (already lower-case) is one the guide or the synonyms use. */
  knows(word: string): boolean {
    return this.vocabulary.has(word);
  }

  private addToVocabulary(word: string): void {
    if (this.vocabulary.has(word)) return;
    this.vocabulary.add(word);
    const list = this.vocabularyByLength.get(word.length) ?? [];
    list.push(word);
    this.vocabularyByLength.set(word.length, list);
  }

  private longestPhraseAt(sequence: readonly string[], start: number): SynonymPhrase | undefined {
    const candidates = this.phrasesByFirstWord.get(sequence[start]);
    return candidates?.find((phrase) =>
      phrase.words.every((word, offset) => sequence[start + offset] === word),
    );
  }

  /** Nearest known word for an unknown one of five letters or more (one edit; two from eight letters). */
  private correct(word: string): string {
    if (word.length < 5 || this.vocabulary.has(word) || /\d/.test(word)) return word;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    const limit = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestDistance = limit + 1;
    for (let length = word.length - limit; length <= word.length + limit; length++) {
      for (const candidate of this.vocabularyByLength.get(length) ?? []) {
        if (candidate[0] !== word[0] && limit === 1) continue;
        const distance = editDistance(word, candidate, limit);
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(word, best);
    return best;
  }
}
