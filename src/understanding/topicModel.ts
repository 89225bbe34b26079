import { createHash } from 'node:crypto';
import type { GuideTopic } from '../guide/types';
import { MessageFeatures } from './messageFeatures';
import {
  DEFAULT_TRAINING,
  SoftmaxRegression,
  type TrainingOptions,
  type TrainingSample,
} from './softmaxRegression';
import type { TextNormalizer } from './textNormalizer';
import { words } from './textNormalizer';
import { OUT_OF_SCOPE_TOPIC, type LabelledMessage } from './trainingData';

export interface TopicProbability {
  readonly topicId: string;
  readonly probability: number;
}

/**
 * Softmax temperature: scores are divided by it before the softmax so that the probabilities are
 * calibrated (a 0.8 means right about 80% of the time). Fitted on 5-fold cross-validation of the
 * training corpus by `npm run eval`, which prints the fitted value and the calibration error.
 */
export const CALIBRATED_TEMPERATURE = 0.85;

/** How much each kind of training text counts. */
const SAMPLE_WEIGHTS = { message: 1, example: 1, keyword: 0.3, offTopicTerm: 0.3 } as const;

interface WeightedText {
  readonly text: string;
  readonly topic: string;
  readonly weight: number;
}

/** Everything the model learns from: the corpus, the guide's examples and keywords, the off-topic terms. */
export function trainingTexts(
  topics: readonly GuideTopic[],
  messages: readonly LabelledMessage[],
  outOfScopeTerms: readonly string[],
): WeightedText[] {
  return [
    ...messages.map((message) => ({ ...message, weight: SAMPLE_WEIGHTS.message })),
    ...topics.flatMap((topic) => [
      ...topic.examples.map((text) => ({ text, topic: topic.id, weight: SAMPLE_WEIGHTS.example })),
      ...topic.keywords.map((text) => ({ text, topic: topic.id, weight: SAMPLE_WEIGHTS.keyword })),
    ]),
    ...outOfScopeTerms.map((text) => ({
      text,
      topic: OUT_OF_SCOPE_TOPIC,
      weight: SAMPLE_WEIGHTS.offTopicTerm,
    })),
  ];
}

/** A trained topic classifier: text in, every topic's calibrated probability out. */
export class TopicModel {
  private constructor(
    readonly topicIds: readonly string[],
    private readonly features: MessageFeatures,
    private readonly regression: SoftmaxRegression,
    readonly temperature: number,
    /** How long training took, in milliseconds. */
    readonly trainingMs: number,
  ) {}

  static train(
    normalizer: TextNormalizer,
    topicIds: readonly string[],
    texts: readonly WeightedText[],
    options: TrainingOptions = DEFAULT_TRAINING,
    temperature = CALIBRATED_TEMPERATURE,
  ): TopicModel {
    const started = performance.now();
    const classes = [...topicIds, OUT_OF_SCOPE_TOPIC];
    const labelOf = new Map(classes.map((topic, index) => [topic, index]));
    const usable = texts.filter((entry) => labelOf.has(entry.topic));
    const features = new MessageFeatures(normalizer);
    const vectors = features.fit(usable.map((entry) => entry.text));
    const samples: TrainingSample[] = usable.map((entry, index) => ({
      x: vectors[index],
      label: labelOf.get(entry.topic) as number,
      weight: entry.weight,
    }));
    const regression = SoftmaxRegression.train(samples, classes.length, features.dimension, options);
    return new TopicModel(classes, features, regression, temperature, performance.now() - started);
  }

  /** Every topic with its probability, most likely first. */
  rank(text: string): TopicProbability[] {
    return this.rankWords(words(text));
  }

  rankWords(plain: readonly string[]): TopicProbability[] {
    const probabilities = this.regression.probabilities(this.features.vectorOfWords(plain), this.temperature);
    return this.topicIds
      .map((topicId, index) => ({ topicId, probability: probabilities[index] }))
      .sort((a, b) => b.probability - a.probability);
  }

  /** Raw scores, for calibration. */
  scores(text: string): Float64Array {
    return this.regression.scores(this.features.vector(text));
  }
}

/** Trained models by a hash of everything they learn from: one training per process per data set. */
const trainedModels = new Map<string, TopicModel>();

/**
 * The model for these texts, trained once per process: the bot, its tests and the HTTP server all
 * build assistants from the same guide and corpus, and training is the costly part of start-up.
 */
export function trainedTopicModel(
  normalizer: TextNormalizer,
  topicIds: readonly string[],
  texts: readonly WeightedText[],
  normalizerKey: string,
): TopicModel {
  const key = createHash('sha256')
    .update(JSON.stringify({ topicIds, texts, normalizerKey, DEFAULT_TRAINING, CALIBRATED_TEMPERATURE }))
    .digest('hex');
  let model = trainedModels.get(key);
  if (!model) {
    model = TopicModel.train(normalizer, topicIds, texts);
    if (trainedModels.size > 8) trainedModels.clear();
    trainedModels.set(key, model);
  }
  return model;
}

/** One held-out prediction of k-fold cross-validation. */
export interface HeldOutPrediction {
  readonly text: string;
  readonly topic: string;
  readonly scores: Float64Array;
  readonly ranking: readonly TopicProbability[];
}

/**
 * k-fold cross-validation over the labelled messages (the guide's examples and keywords always stay
 * in training): each message is predicted by a model that never saw it.
 */
export function crossValidate(
  normalizer: TextNormalizer,
  topicIds: readonly string[],
  messages: readonly LabelledMessage[],
  guideTexts: readonly WeightedText[],
  folds = 5,
  temperature = CALIBRATED_TEMPERATURE,
): HeldOutPrediction[] {
  const predictions: HeldOutPrediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = messages
      .filter((_message, index) => index % folds !== fold)
      .map((message) => ({ ...message, weight: SAMPLE_WEIGHTS.message }));
    const model = TopicModel.train(
      normalizer,
      topicIds,
      [...train, ...guideTexts],
      DEFAULT_TRAINING,
      temperature,
    );
    messages.forEach((message, index) => {
      if (index % folds !== fold) return;
      predictions.push({
        text: message.text,
        topic: message.topic,
        scores: model.scores(message.text),
        ranking: model.rank(message.text),
      });
    });
  }
  return predictions;
}
