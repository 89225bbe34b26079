import type { SparseVector } from './messageFeatures';

export interface TrainingSample {
  readonly x: SparseVector;
  readonly label: number;
  /** How much the sample counts (guide keywords count less than whole messages). */
  readonly weight: number;
}

export interface TrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty on the weights a sample touches. */
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 12, learningRate: 2, l2: 1e-6, seed: 7 };

/** A deterministic pseudo-random generator (mulberry32), so that training gives the same model each time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Multinomial logistic regression (softmax) over sparse features, trained by stochastic gradient
 * descent with a decaying step and L2 regularisation. Weights are stored feature-major, so scoring
 * a message touches only the rows of its own features.
 */
export class SoftmaxRegression {
  private constructor(
    readonly classes: number,
    readonly dimension: number,
    private readonly weights: Float32Array,
    private readonly bias: Float64Array,
  ) {}

  static train(
    samples: readonly TrainingSample[],
    classes: number,
    dimension: number,
    options: TrainingOptions = DEFAULT_TRAINING,
  ): SoftmaxRegression {
    const weights = new Float32Array(dimension * classes);
    const bias = new Float64Array(classes);
    const model = new SoftmaxRegression(classes, dimension, weights, bias);
    const order = samples.map((_sample, index) => index);
    const next = random(options.seed);
    const probabilities = new Float64Array(classes);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const rate = options.learningRate / (1 + epoch * 0.15);
      for (const sampleIndex of order) {
        const { x, label, weight } = samples[sampleIndex];
        model.scoresInto(x, probabilities);
        softmaxInPlace(probabilities, 1);
        for (let k = 0; k < classes; k++) {
          const gradient = (probabilities[k] - (k === label ? 1 : 0)) * weight;
          bias[k] -= rate * gradient;
          probabilities[k] = gradient;
        }
        for (let n = 0; n < x.indices.length; n++) {
          const row = x.indices[n] * classes;
          const value = x.values[n];
          for (let k = 0; k < classes; k++) {
            const w = weights[row + k];
            weights[row + k] = w - rate * (probabilities[k] * value + options.l2 * w);
          }
        }
      }
    }
    return model;
  }

  /** Raw scores (logits) of every class. */
  scores(x: SparseVector): Float64Array {
    const result = new Float64Array(this.classes);
    this.scoresInto(x, result);
    return result;
  }

  /** Class probabilities, with the scores divided by `temperature` first (calibration). */
  probabilities(x: SparseVector, temperature: number): Float64Array {
    return softmaxInPlace(this.scores(x), temperature);
  }

  private scoresInto(x: SparseVector, out: Float64Array): void {
    const { classes, weights } = this;
    for (let k = 0; k < classes; k++) out[k] = this.bias[k];
    for (let n = 0; n < x.indices.length; n++) {
      const row = x.indices[n] * classes;
      const value = x.values[n];
      for (let k = 0; k < classes; k++) out[k] += weights[row + k] * value;
    }
  }
}

export function softmaxInPlace(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const score of scores) max = Math.max(max, score);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp((scores[k] - max) / temperature);
    sum += scores[k];
  }
  for (let k = 0; k < scores.length; k++) scores[k] /= sum;
  return scores;
}
