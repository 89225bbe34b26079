import type { GuideTopic } from '../guide/types';
import type { TextNormalizer } from './textNormalizer';

export interface TopicScore {
  readonly topicId: string;
  readonly score: number;
}

type Vector = Map<string, number>;

const UNKNOWN_TERM_WEIGHT = 1;
const UNKNOWN_PAIR_WEIGHT = 0.3;

/** How much each part of a topic says about what the topic is. */
const FIELD_WEIGHTS = { keywords: 3, title: 2, examples: 1, body: 0.3 } as const;

/**
 * Single terms and neighbouring pairs, order ignored: "outlook app" and "outlook" alone point at
 * different topics, and "phone outlook" means "outlook on the phone".
 */
export function features(terms: readonly string[]): string[] {
  const result = [...terms];
  for (let i = 0; i + 1 < terms.length; i++) {
    if (terms[i] !== terms[i + 1]) result.push([terms[i], terms[i + 1]].sort().join(' '));
  }
  return result;
}

function normalise(vector: Vector): Vector {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  const length = Math.sqrt(sum) || 1;
  for (const [key, value] of vector) vector.set(key, value / length);
  return vector;
}

function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [key, value] of small) sum += value * (large.get(key) ?? 0);
  return sum;
}

/**
 * Ranks guide topics for a message. Each topic is a weighted bag of terms from its keywords, title,
 * examples and text (idf-weighted, compared by cosine), blended with the best match among its
 * examples, so that both "what the topic is about" and "how people ask about it" count.
 */
export class TopicClassifier {
  private readonly idf = new Map<string, number>();
  private readonly centroids = new Map<string, Vector>();
  private readonly exampleVectors: { topicId: string; vector: Vector }[] = [];

  constructor(
    private readonly topics: readonly GuideTopic[],
    normalizer: TextNormalizer,
  ) {
    const raw = new Map<string, Vector>();
    const add = (vector: Vector, text: string, weight: number) => {
      for (const feature of features(normalizer.terms(text)))
        vector.set(feature, (vector.get(feature) ?? 0) + weight);
    };
    for (const topic of topics) {
      const vector: Vector = new Map();
      topic.keywords.forEach((keyword) => add(vector, keyword, FIELD_WEIGHTS.keywords));
      add(vector, topic.title, FIELD_WEIGHTS.title);
      topic.examples.forEach((example) => add(vector, example, FIELD_WEIGHTS.examples));
      add(vector, topic.summary, FIELD_WEIGHTS.body);
      for (const step of topic.steps) {
        add(vector, step.text, FIELD_WEIGHTS.body);
        step.variants.forEach((variant) =>
          variant.steps.forEach((line) => add(vector, line, FIELD_WEIGHTS.body)),
        );
      }
      raw.set(topic.id, vector);
    }
    const documentFrequency = new Map<string, number>();
    for (const vector of raw.values()) {
      for (const feature of vector.keys())
        documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
    for (const [feature, frequency] of documentFrequency) {
      this.idf.set(feature, Math.log(1 + topics.length / frequency));
    }
    for (const [topicId, vector] of raw) {
      const weighted: Vector = new Map();
      for (const [feature, value] of vector)
        weighted.set(feature, Math.log(1 + value) * this.weightOf(feature));
      this.centroids.set(topicId, normalise(weighted));
    }
    for (const topic of topics) {
      for (const sample of [...topic.examples, ...topic.keywords]) {
        this.exampleVectors.push({ topicId: topic.id, vector: this.queryVector(normalizer.terms(sample)) });
      }
    }
  }

  /** Every topic's score for the terms of a message, best first; scores lie between 0 and 1. */
  rank(terms: readonly string[]): TopicScore[] {
    const query = this.queryVector(terms);
    if (query.size === 0) return this.topics.map((topic) => ({ topicId: topic.id, score: 0 }));
    const nearest = new Map<string, number>();
    for (const { topicId, vector } of this.exampleVectors) {
      const similarity = dot(query, vector);
      if (similarity > (nearest.get(topicId) ?? 0)) nearest.set(topicId, similarity);
    }
    return this.topics
      .map((topic) => ({
        topicId: topic.id,
        score: 0.5 * dot(query, this.centroids.get(topic.id) as Vector) + 0.5 * (nearest.get(topic.id) ?? 0),
      }))
      .sort((a, b) => b.score - a.score);
  }

  /** Whether any of the terms is something the guide talks about at all. */
  knowsAny(terms: readonly string[]): boolean {
    return terms.some((term) => this.idf.has(term));
  }

  private weightOf(feature: string): number {
    // A word the guide never uses makes a match less certain, but less than a word it does use.
    return this.idf.get(feature) ?? (feature.includes(' ') ? UNKNOWN_PAIR_WEIGHT : UNKNOWN_TERM_WEIGHT);
  }

  private queryVector(terms: readonly string[]): Vector {
    const vector: Vector = new Map();
    for (const feature of features(terms)) vector.set(feature, this.weightOf(feature));
    return normalise(vector);
  }
}
