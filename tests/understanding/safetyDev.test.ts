import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { Understanding, type Intent } from '../../src/understanding/understanding';
import { readQuestions } from '../../scripts/questionSets';

/**
 * The safety detector's development set: messages written to tune the line between a prompt the
 * person started (reauth_prompt) and one they did not (unrequested_prompt), plus near-misses that
 * must not trigger it. Tuned on, so it is no measure of unseen text (the frozen set is); the floors
 * below are the figures reached, so that a change to the rules cannot quietly lose ground.
 */

const SAFETY_TOPICS = ['reauth_prompt', 'unrequested_prompt'] as const;
/** Floors: the figures reached on the development set. */
const FLOOR = { reauth_prompt: 60, unrequested_prompt: 50, nearMissFalseAlarms: 0 };

const questions = readQuestions(path.resolve(__dirname, '../fixtures/safety-dev.jsonl'));

const config = loadConfig({});
const understanding = new Understanding(loadGuide(config.guideFile, config.organisation));

function situationOf(intent: Intent): string {
  return intent.kind === 'topic' && intent.safety ? intent.topicId : 'not safety';
}

describe('The safety detector on its development set', () => {
  const outcomes = questions.map((question) => ({
    ...question,
    predicted: situationOf(understanding.understand(question.text)),
  }));

  it('has well-formed, labelled messages', () => {
    expect(questions.length).toBeGreaterThanOrEqual(140);
    for (const question of questions) {
      expect(question.safety).toBe((SAFETY_TOPICS as readonly string[]).includes(question.topic));
    }
  });

  it('tells a prompt the person started from one they did not, and leaves near-misses alone', () => {
    const lines: string[] = [];
    const right: Record<string, number> = {};
    for (const topic of SAFETY_TOPICS) {
      const expected = outcomes.filter((o) => o.topic === topic);
      const predicted = outcomes.filter((o) => o.predicted === topic);
      const truePositives = expected.filter((o) => o.predicted === topic).length;
      right[topic] = truePositives;
      const confused = expected.filter((o) => o.predicted !== topic && o.predicted !== 'not safety').length;
      lines.push(
        `${topic}: recall ${truePositives}/${expected.length}, precision ${truePositives}/${predicted.length}, ` +
          `given the other safety answer ${confused}, missed ${expected.length - truePositives - confused}`,
      );
    }
    const nearMisses = outcomes.filter((o) => !o.safety);
    const falseAlarms = nearMisses.filter((o) => o.predicted !== 'not safety');
    lines.push(`near-misses: ${falseAlarms.length}/${nearMisses.length} false alarms`);
    const wrong = outcomes.filter((o) => o.predicted !== (o.safety ? o.topic : 'not safety'));
    lines.push(...wrong.map((o) => `  ${o.topic} → ${o.predicted}: "${o.text}"`));
    console.log(lines.join('\n'));

    expect(right.reauth_prompt).toBeGreaterThanOrEqual(FLOOR.reauth_prompt);
    expect(right.unrequested_prompt).toBeGreaterThanOrEqual(FLOOR.unrequested_prompt);
    expect(falseAlarms.length).toBeLessThanOrEqual(FLOOR.nearMissFalseAlarms);
  });
});
