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

function addPosting<T>(index: Map<string, T[]>, feature: string, posting: T): void {
  const list = index.get(feature);
  if (list) list.push(posting);
  else index.set(feature, [posting]);
}

/**
 * Ranks guide topics for a message. Each topic is a weighted bag of terms from its keywords, title,
 * examples and text (idf-weighted, compared by cosine), blended with the best match among its
 * examples, so that both "what the topic is about" and "how people ask about it" count.
 */
export class TopicClassifier {
  private readonly idf = new Map<string, number>();
  /** feature → the topics whose centroid has it, with its weight there. */
  private readonly centroidPostings = new Map<string, { topic: number; weight: number }[]>();
  /** feature → the examples that have it; an example is scored only if it shares a feature. */
  private readonly examplePostings = new Map<string, { example: number; weight: number }[]>();
  private readonly exampleTopics: number[] = [];

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
    topics.forEach((topic, topicIndex) => {
      const weighted: Vector = new Map();
      for (const [feature, value] of raw.get(topic.id) as Vector)
        weighted.set(feature, Math.log(1 + value) * this.weightOf(feature));
      for (const [feature, weight] of normalise(weighted)) {
        addPosting(this.centroidPostings, feature, { topic: topicIndex, weight });
      }
      for (const sample of [...topic.examples, ...topic.keywords]) {
        const example = this.exampleTopics.push(topicIndex) - 1;
        for (const [feature, weight] of this.queryVector(normalizer.terms(sample))) {
          addPosting(this.examplePostings, feature, { example, weight });
        }
      }
    });
  }

  /** Every topic's score for the terms of a message, best first; scores lie between 0 and 1. */
  rank(terms: readonly string[]): TopicScore[] {
    const query = this.queryVector(terms);
    const centroidSimilarity = new Array<number>(this.topics.length).fill(0);
    const exampleSimilarity = new Map<number, number>();
    for (const [feature, queryWeight] of query) {
      for (const { topic, weight } of this.centroidPostings.get(feature) ?? []) {
        centroidSimilarity[topic] += queryWeight * weight;
      }
      for (const { example, weight } of this.examplePostings.get(feature) ?? []) {
        exampleSimilarity.set(example, (exampleSimilarity.get(example) ?? 0) + queryWeight * weight);
      }
    }
    const nearest = new Array<number>(this.topics.length).fill(0);
    for (const [example, similarity] of exampleSimilarity) {
      const topic = this.exampleTopics[example];
      nearest[topic] = Math.max(nearest[topic], similarity);
    }
    return this.topics
      .map((topic, index) => ({
        topicId: topic.id,
        score: 0.5 * centroidSimilarity[index] + 0.5 * nearest[index],
      }))
      .sort((a, b) => b.score - a.score);
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
