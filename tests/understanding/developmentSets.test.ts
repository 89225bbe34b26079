import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { Understanding } from '../../src/understanding/understanding';
import { predictedTopic, readQuestions, SAFETY_TOPICS } from '../../scripts/questionSets';

/**
 * The development sets: messages written by people other than the ones who wrote the training
 * corpus, each first measured unseen, then tuned on. Being tuned on, they are no measure of unseen
 * text (the frozen set is); the floors are the figures reached, so that a change to the training data
 * or the rules cannot quietly lose ground. The safety bar is absolute in every set: every safety
 * message gets its own situation (started or not) and no other message is taken for one.
 */
interface DevelopmentSet {
  readonly file: string;
  readonly about: string;
  /** Right topic, out of the whole set. */
  readonly rightFloor: number;
}

const SETS: readonly DevelopmentSet[] = [
  // First measured 138/148; safety tuned on it.
  { file: 'safety-dev.jsonl', about: 'safety situations and their near-misses', rightFloor: 147 },
  // First measured 158/170 with 111/120 safety items right.
  { file: 'safety-dev-2.jsonl', about: 'safety situations in other voices', rightFloor: 169 },
  // First measured 129/140 with 91/100 safety items right: hard cases, own action and attack mixed.
  { file: 'safety-dev-3.jsonl', about: 'the hardest safety distinctions', rightFloor: 139 },
  // First measured 120/130 with 81/90 safety items right: safety as help-desk queues send it.
  { file: 'safety-dev-4.jsonl', about: 'safety reports from help-desk queues', rightFloor: 130 },
  // First measured 132/150 with 75/90 safety items in the right situation: many voices, buried facts.
  { file: 'safety-dev-5.jsonl', about: 'safety situations, facts buried or implied', rightFloor: 147 },
  // First measured 119/120 with 40/40 safety items and one false alarm.
  { file: 'helpdesk-dev.jsonl', about: 'help-desk tickets', rightFloor: 120 },
  // First measured 144/150 with 21/22 safety items right.
  { file: 'helpdesk-dev-2.jsonl', about: 'raw help-desk queue and forum text', rightFloor: 145 },
];

const config = loadConfig({});
const understanding = new Understanding(loadGuide(config.guideFile, config.organisation));

describe.each(SETS)('Understanding on the development set $file ($about)', ({ file, rightFloor }) => {
  const questions = readQuestions(path.resolve(__dirname, '../fixtures', file));
  const outcomes = questions.map((question) => ({
    ...question,
    predicted: predictedTopic(understanding.understand(question.text)),
  }));

  it('has well-formed, labelled messages', () => {
    expect(questions.length).toBeGreaterThanOrEqual(120);
    for (const question of questions) expect(question.safety).toBe(SAFETY_TOPICS.has(question.topic));
  });

  it('gets every safety message right and takes nothing else for one', () => {
    const safetyWrong = outcomes.filter((o) => o.safety && o.predicted !== o.topic);
    const falseAlarms = outcomes.filter((o) => !o.safety && SAFETY_TOPICS.has(o.predicted));
    expect([...safetyWrong, ...falseAlarms].map((o) => `${o.topic} → ${o.predicted}: ${o.text}`)).toEqual([]);
  });

  it('answers with the right topic at least as often as it did when last tuned', () => {
    const wrong = outcomes.filter((o) => o.predicted !== o.topic);
    if (wrong.length > 0)
      console.log(wrong.map((o) => `  ${o.topic} → ${o.predicted}: "${o.text}"`).join('\n'));
    expect(outcomes.length - wrong.length).toBeGreaterThanOrEqual(rightFloor);
  });
});
