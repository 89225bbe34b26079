/**
 * Answer-quality report. For the training corpus: k-fold cross-validation (the classifier alone and
 * the whole understanding, safety detector included), per-topic accuracy, the most frequent
 * confusions and the calibration of the confidence. For each questions file: the same figures, and
 * the safety detector's precision and recall. A clarifying question counts as a miss.
 *
 * Usage: `npm run eval -- [file.jsonl …] [--misses]`. Default files: the frozen and the open set in
 * tests/fixtures. `--misses` lists the wrong answers (never use it on the frozen set while tuning).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/config';
import { loadGuide } from '../src/guide/loadGuide';
import { crossValidate, trainingTexts } from '../src/understanding/topicModel';
import { Understanding } from '../src/understanding/understanding';
import { predictedTopic, readQuestions, SAFETY_TOPICS } from './questionSets';

/** The repository: the nearest folder above this script that holds `content/guide.yaml`. */
function repositoryRoot(): string {
  let folder = __dirname;
  while (!fs.existsSync(path.join(folder, 'content', 'guide.yaml'))) {
    const parent = path.dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
  return folder;
}

const REPO = repositoryRoot();
const DEFAULT_FILES = ['tests/fixtures/frozen-questions.jsonl', 'tests/fixtures/open-questions.jsonl'];

interface Outcome {
  readonly text: string;
  readonly expected: string;
  readonly predicted: string;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;

function report(title: string, outcomes: readonly Outcome[], showMisses: boolean): void {
  const right = outcomes.filter((outcome) => outcome.expected === outcome.predicted).length;
  console.log(`\n== ${title}: ${right}/${outcomes.length} = ${percent(right, outcomes.length)}`);
  const perTopic = new Map<string, { right: number; total: number }>();
  const confusions = new Map<string, number>();
  for (const { expected, predicted } of outcomes) {
    const entry = perTopic.get(expected) ?? { right: 0, total: 0 };
    entry.total++;
    if (expected === predicted) entry.right++;
    else {
      const key = `${expected} → ${predicted.startsWith('clarify') ? 'clarify' : predicted}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    perTopic.set(expected, entry);
  }
  console.log('per topic:');
  for (const [topic, entry] of [...perTopic].sort()) {
    console.log(
      `  ${topic.padEnd(22)} ${`${entry.right}/${entry.total}`.padStart(7)}  ${percent(entry.right, entry.total)}`,
    );
  }
  const top = [...confusions].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (top.length > 0)
    console.log(`most frequent confusions:\n${top.map(([key, n]) => `  ${n} × ${key}`).join('\n')}`);

  // The safety detector as a detector: a message is a safety case when it is either situation.
  const isSafety = (topic: string) => SAFETY_TOPICS.has(topic);
  const truePositives = outcomes.filter((o) => isSafety(o.expected) && isSafety(o.predicted)).length;
  const predictedPositives = outcomes.filter((o) => isSafety(o.predicted)).length;
  const actualPositives = outcomes.filter((o) => isSafety(o.expected)).length;
  const exact = outcomes.filter((o) => isSafety(o.expected) && o.predicted === o.expected).length;
  console.log(
    `safety detector: precision ${truePositives}/${predictedPositives} = ${percent(truePositives, predictedPositives)}, ` +
      `recall ${truePositives}/${actualPositives} = ${percent(truePositives, actualPositives)}; ` +
      `right situation (started vs not started) ${exact}/${actualPositives}`,
  );
  for (const topic of SAFETY_TOPICS) {
    const tp = outcomes.filter((o) => o.expected === topic && o.predicted === topic).length;
    const pp = outcomes.filter((o) => o.predicted === topic).length;
    const ap = outcomes.filter((o) => o.expected === topic).length;
    console.log(
      `  ${topic.padEnd(20)} precision ${tp}/${pp} = ${percent(tp, pp)}, recall ${tp}/${ap} = ${percent(tp, ap)}`,
    );
  }
  if (showMisses) {
    const misses = outcomes.filter((o) => o.expected !== o.predicted);
    console.log(
      `misses:\n${misses.map((o) => `  ${o.expected.padEnd(20)} got ${o.predicted.padEnd(28)} "${o.text}"`).join('\n')}`,
    );
  }
}

/** Expected calibration error over 10 bins of the top probability. */
function calibrationError(pairs: readonly { confidence: number; right: boolean }[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, right: 0 }));
  for (const { confidence, right } of pairs) {
    const bin = bins[Math.min(9, Math.floor(confidence * 10))];
    bin.n++;
    bin.confidence += confidence;
    bin.right += right ? 1 : 0;
  }
  return (
    bins.reduce((sum, bin) => sum + (bin.n === 0 ? 0 : Math.abs(bin.right - bin.confidence)), 0) /
    pairs.length
  );
}

function main(): void {
  const args = process.argv.slice(2);
  const showMisses = args.includes('--misses');
  const files = args.filter((arg) => !arg.startsWith('--'));
  const config = loadConfig({});
  const guide = loadGuide(path.resolve(REPO, 'content/guide.yaml'), config.organisation);
  const started = performance.now();
  const understanding = new Understanding(guide);
  console.log(
    `training: ${understanding.trainingMessages.length} corpus messages + the guide's examples and keywords; ` +
      `model trained in ${understanding.model.trainingMs.toFixed(0)} ms (understanding ready in ${(performance.now() - started).toFixed(0)} ms)`,
  );

  // Cross-validation on the training corpus.
  const topicIds = guide.topics.map((topic) => topic.id);
  const guideTexts = trainingTexts(guide.topics, [], guide.outOfScopeTerms);
  const folds = 5;
  const heldOut = crossValidate(
    understanding.normalizer,
    topicIds,
    understanding.trainingMessages,
    guideTexts,
    folds,
  );
  const classifierRight = heldOut.filter((p) => p.ranking[0].topicId === p.topic).length;
  console.log(
    `\n${folds}-fold cross-validation, classifier alone (top topic): ${classifierRight}/${heldOut.length} = ${percent(classifierRight, heldOut.length)}`,
  );
  report(
    `${folds}-fold cross-validation, whole understanding (safety detector, confidence rules)`,
    heldOut.map((p) => ({
      text: p.text,
      expected: p.topic,
      predicted: predictedTopic(understanding.interpret(p.text, p.ranking)),
    })),
    showMisses,
  );
  const classIds = understanding.model.topicIds;
  const nllAt = (temperature: number) =>
    heldOut.reduce((sum, p) => {
      const scores = [...p.scores].map((score) => score / temperature);
      const max = Math.max(...scores);
      const logSum = Math.log(scores.reduce((acc, score) => acc + Math.exp(score - max), 0)) + max;
      return sum - (scores[classIds.indexOf(p.topic)] - logSum);
    }, 0) / heldOut.length;
  let fitted = 1;
  for (let t = 0.3; t <= 3.0001; t += 0.05) if (nllAt(t) < nllAt(fitted)) fitted = Number(t.toFixed(2));
  const ece = calibrationError(
    heldOut.map((p) => ({ confidence: p.ranking[0].probability, right: p.ranking[0].topicId === p.topic })),
  );
  console.log(
    `calibration: temperature in use ${understanding.model.temperature}, expected calibration error ${(100 * ece).toFixed(1)}% ` +
      `(held-out log-loss ${nllAt(understanding.model.temperature).toFixed(3)}; best temperature on these folds ${fitted}, log-loss ${nllAt(fitted).toFixed(3)})`,
  );

  for (const file of files.length > 0 ? files : DEFAULT_FILES) {
    const resolved = path.resolve(REPO, file);
    const questions = readQuestions(resolved);
    const timed = performance.now();
    const outcomes = questions.map((question) => ({
      text: question.text,
      expected: question.topic,
      predicted: predictedTopic(understanding.understand(question.text)),
    }));
    const perMessage = (performance.now() - timed) / questions.length;
    report(`${path.relative(REPO, resolved)} (${perMessage.toFixed(3)} ms a message)`, outcomes, showMisses);
  }
}

if (require.main === module) main();
