import type { TextNormalizer } from './textNormalizer';
import { words } from './textNormalizer';

/** A message as the classifier sees it: the indices of its features and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Character n-grams of each word, fastText style ("<word>"), from 3 to 5 characters. */
const CHAR_NGRAM_SIZES = [3, 4, 5] as const;
/** How much the character block counts next to the word block (both have unit length). */
const CHAR_BLOCK_WEIGHT = 1;
/** Words remembered with their n-gram indices; the cache is emptied when it grows past this. */
const WORD_CACHE_LIMIT = 50_000;

export function charNgrams(word: string): string[] {
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (const size of CHAR_NGRAM_SIZES) {
    for (let start = 0; start + size <= padded.length; start++) grams.push(padded.slice(start, start + size));
  }
  return grams;
}

/** Word features: normalised, stemmed terms and neighbouring pairs of them. */
export function termFeatures(terms: readonly string[]): string[] {
  const result = terms.map((term) => `w:${term}`);
  for (let i = 0; i + 1 < terms.length; i++) result.push(`b:${terms[i]} ${terms[i + 1]}`);
  return result;
}

/**
 * Turns text into feature vectors over a fixed vocabulary: word uni- and bigrams of the normalised
 * terms (synonyms, typo correction, stems) and character 3–5-grams of the raw words, which carry
 * typos, missing apostrophes and negations ("didnt", "wasnt") that the terms lose. Each block is
 * scaled to unit length, so a long rambling message weighs the same as a short one.
 */
export class MessageFeatures {
  private readonly index = new Map<string, number>();
  private readonly wordCache = new Map<string, Int32Array>();
  private frozen = false;

  constructor(private readonly normalizer: TextNormalizer) {}

  get dimension(): number {
    return this.index.size;
  }

  /**
   * Learns the vocabulary from the training texts and returns their vectors (each text is read
   * once: normalising is the costly part).
   */
  fit(texts: readonly string[]): SparseVector[] {
    const termLists = texts.map((text) => {
      const plain = words(text);
      const terms = termFeatures(this.normalizer.termsOfWords(plain));
      for (const feature of terms) this.add(feature);
      for (const word of plain) for (const gram of charNgrams(word)) this.add(`c:${gram}`);
      return { plain, terms };
    });
    this.frozen = true;
    return termLists.map(({ plain, terms }) => this.vectorOf(plain, terms));
  }

  vector(text: string): SparseVector {
    return this.vectorOfWords(words(text));
  }

  vectorOfWords(plain: readonly string[]): SparseVector {
    return this.vectorOf(plain, termFeatures(this.normalizer.termsOfWords(plain)));
  }

  private vectorOf(plain: readonly string[], terms: readonly string[]): SparseVector {
    const wordCounts = new Map<number, number>();
    for (const feature of terms) {
      const index = this.index.get(feature);
      if (index !== undefined) wordCounts.set(index, 1);
    }
    const charCounts = new Map<number, number>();
    for (const word of plain) {
      for (const index of this.charIndices(word)) charCounts.set(index, (charCounts.get(index) ?? 0) + 1);
    }
    const size = wordCounts.size + charCounts.size;
    const indices = new Int32Array(size);
    const values = new Float32Array(size);
    let at = 0;
    at = writeBlock(wordCounts, 1, indices, values, at);
    writeBlock(charCounts, CHAR_BLOCK_WEIGHT, indices, values, at);
    return { indices, values };
  }

  private add(feature: string): void {
    if (!this.frozen && !this.index.has(feature)) this.index.set(feature, this.index.size);
  }

  private charIndices(word: string): Int32Array {
    let cached = this.wordCache.get(word);
    if (cached) return cached;
    const known: number[] = [];
    for (const gram of charNgrams(word)) {
      const index = this.index.get(`c:${gram}`);
      if (index !== undefined) known.push(index);
    }
    cached = Int32Array.from(known);
    if (this.wordCache.size >= WORD_CACHE_LIMIT) this.wordCache.clear();
    this.wordCache.set(word, cached);
    return cached;
  }
}

/** Sub-linear counts (1 + log), scaled so the block has length `weight`. */
function writeBlock(
  counts: ReadonlyMap<number, number>,
  weight: number,
  indices: Int32Array,
  values: Float32Array,
  start: number,
): number {
  let sum = 0;
  for (const count of counts.values()) {
    const value = 1 + Math.log(count);
    sum += value * value;
  }
  const scale = sum > 0 ? weight / Math.sqrt(sum) : 0;
  let at = start;
  for (const [index, count] of counts) {
    indices[at] = index;
    values[at] = (1 + Math.log(count)) * scale;
    at++;
  }
  return at;
}
