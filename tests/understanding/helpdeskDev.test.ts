import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { Understanding } from '../../src/understanding/understanding';
import { predictedTopic, readQuestions, SAFETY_TOPICS } from '../../scripts/questionSets';

/**
 * The help-desk development set: 120 messages written in the style of tickets forwarded from a
 * help-desk queue (headers, greetings, signatures, third person, typos, the key fact late). Tuned
 * on, so it is no measure of unseen text (the frozen set is); the floors below are the figures
 * reached (first measurement 119/120 with 40/40 safety items, one false alarm), so that a change
 * to the training data or the rules cannot quietly lose ground.
 */

/** Floors: the figures reached on the development set. */
const FLOOR = { right: 120, safetyRight: 40, falseAlarms: 0 };

const questions = readQuestions(path.resolve(__dirname, '../fixtures/helpdesk-dev.jsonl'));

const config = loadConfig({});
const understanding = new Understanding(loadGuide(config.guideFile, config.organisation));

describe('Understanding on help-desk style messages (development set)', () => {
  const outcomes = questions.map((question) => ({
    ...question,
    predicted: predictedTopic(understanding.understand(question.text)),
  }));

  it('has well-formed, labelled messages covering every topic', () => {
    expect(questions.length).toBeGreaterThanOrEqual(120);
    for (const question of questions) {
      expect(question.safety).toBe(SAFETY_TOPICS.has(question.topic));
    }
    const topics = new Set(questions.map((question) => question.topic));
    expect(topics.size).toBe(14);
  });

  it('answers with the right topic and gets every safety item right', () => {
    const wrong = outcomes.filter((o) => o.predicted !== o.topic);
    const safety = outcomes.filter((o) => o.safety);
    const safetyRight = safety.filter((o) => o.predicted === o.topic).length;
    const falseAlarms = outcomes.filter((o) => !o.safety && SAFETY_TOPICS.has(o.predicted)).length;
    if (wrong.length > 0)
      console.log(wrong.map((o) => `  ${o.topic} → ${o.predicted}: "${o.text}"`).join('\n'));

    expect(outcomes.length - wrong.length).toBeGreaterThanOrEqual(FLOOR.right);
    expect(safetyRight).toBeGreaterThanOrEqual(FLOOR.safetyRight);
    expect(falseAlarms).toBeLessThanOrEqual(FLOOR.falseAlarms);
  });
});
