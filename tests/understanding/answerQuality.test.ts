import * as fs from 'node:fs';
import * as path from 'node:path';
import { Assistant } from '../../src/assistant/assistant';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import type { Intent } from '../../src/understanding/understanding';
import { cardOf, visibleText } from '../helpers/cards';
import { BotHarness } from '../helpers/botHarness';

interface Question {
  text: string;
  topic: string;
  safety?: boolean;
}

function readQuestions(file: string): Question[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Question);
}

function topicOf(intent: Intent): string {
  if (intent.kind === 'topic') return intent.topicId;
  if (intent.kind === 'outOfScope') return 'out_of_scope';
  return intent.kind; // a "did you mean" counts as a miss
}

const config = loadConfig({});
const assistant = new Assistant(loadGuide(config.guideFile, config.organisation), config.organisation);

const questionSets: [string, string, number][] = [
  // Real staff questions shared by the customer; never copied into the guide data.
  ['the shared evaluation set', path.resolve(__dirname, '../../../shared/eval/questions.jsonl'), 0.9],
  // Our own questions, written apart from the guide's examples, as a check on unseen wording.
  ['our held-out set', path.resolve(__dirname, '../fixtures/holdout-questions.jsonl'), 0.85],
  // Written after the understanding was tuned and never tuned against: 80.0% at first measurement.
  ['our second held-out set', path.resolve(__dirname, '../fixtures/holdout-2-questions.jsonl'), 0.8],
];

describe.each(questionSets)('Answer quality on %s', (_name, file, target) => {
  const questions = readQuestions(file);

  it(`answers at least ${target * 100}% with the right topic`, () => {
    const misses = questions.filter(
      (question) => topicOf(assistant.replyTo(question.text).intent) !== question.topic,
    );
    const accuracy = 1 - misses.length / questions.length;
    if (accuracy < target) {
      throw new Error(
        `accuracy ${(accuracy * 100).toFixed(1)}%; misses:\n${misses.map((q) => `${q.topic}: ${q.text}`).join('\n')}`,
      );
    }
    expect(accuracy).toBeGreaterThanOrEqual(target);
  });

  const safetyQuestions = questions.filter((question) => question.safety);
  it.each(safetyQuestions.map((question) => question.text))(
    'answers "%s" with the re-authentication warning and no reset link',
    async (text) => {
      const replies = await new BotHarness().say(text);
      const shown = visibleText(cardOf(replies[0]));
      expect(shown).toContain('Do NOT reset your password');
      expect(shown).toContain('Approve it in your authenticator');
      expect(JSON.stringify(replies)).not.toMatch(/aka\.ms\/sspr|passwordreset/i);
    },
  );
});
