import * as path from 'node:path';
import { Assistant, type AssistantReply } from '../../src/assistant/assistant';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import {
  predictedTopic as topicOf,
  readQuestions,
  SAFETY_TOPICS,
  type Question,
} from '../../scripts/questionSets';
import { visibleText } from '../helpers/cards';

const config = loadConfig({});
const assistant = new Assistant(loadGuide(config.guideFile, config.organisation), config.organisation);
const fixtures = path.resolve(__dirname, '../fixtures');

/** Whether a reply gives the right safety answer for a question of that topic. */
function safetyAnswerIsRight(topic: string, reply: AssistantReply): boolean {
  const [message] = reply.messages;
  const shown = visibleText(message?.card);
  const everything = JSON.stringify(reply.messages);
  if (/aka\.ms\/sspr|passwordreset/i.test(everything)) return false;
  if (topic === 'unrequested_prompt') {
    const firstWords = message?.lead ?? shown;
    return (
      /^(Deny it|You approved a request you did not start: contact)/.test(firstWords) &&
      shown.includes(`Contact ${config.organisation.supportName} now: ${config.organisation.supportEmail}`) &&
      !/\bapprove it\b/i.test(shown)
    );
  }
  return shown.startsWith('Do NOT reset your password') && /approve it in your authenticator/i.test(shown);
}

/**
 * [name, file, accuracy target, safety answers that must be right, old labels]. Sets with old labels predate the "request I did not
 * start" topic and the Outlook password loop's move to the Outlook fix: their `reauth_prompt`
 * stands for both safety answers, or for the Outlook fix with its "not a reason to reset" line.
 */
const questionSets: [string, string, number, number, boolean][] = [
  // Written before any tuning and never trained or tuned on. The old rules: 58.3%. The trained model:
  // 96.1% at first measurement, 98.7% at the last (after safety work on five separate development
  // sets, never on this one), with all 49 of its safety questions given the right safety answer.
  ['the frozen set', path.join(fixtures, 'frozen-questions.jsonl'), 0.98, 49, false],
  // The customer's shared questions, tuned on before.
  ['the open set', path.join(fixtures, 'open-questions.jsonl'), 0.97, Infinity, false],
  ['our first held-out set', path.join(fixtures, 'holdout-questions.jsonl'), 0.9, Infinity, true],
  ['our second held-out set', path.join(fixtures, 'holdout-2-questions.jsonl'), 0.9, Infinity, true],
];

describe.each(questionSets)('Answer quality on %s', (name, file, target, safetyTarget, oldLabels) => {
  const questions = readQuestions(file);
  const replies = questions.map((question) => assistant.replyTo(question.text));
  const outlookLoop = (reply: AssistantReply) =>
    topicOf(reply.intent) === 'outlook_reconfigure' &&
    visibleText(reply.messages[0]?.card).includes('not a reason to reset your password');
  const isRight = (question: Question, reply: AssistantReply) => {
    const predicted = topicOf(reply.intent);
    if (oldLabels && question.topic === 'reauth_prompt')
      return SAFETY_TOPICS.has(predicted) || outlookLoop(reply);
    return predicted === question.topic;
  };

  it(`answers at least ${target * 100}% with the right topic`, () => {
    const right = questions.filter((question, index) => isRight(question, replies[index])).length;
    const accuracy = right / questions.length;
    // Only the figure: the frozen set's individual misses are never read, so that nothing is tuned on them.
    if (accuracy < target)
      throw new Error(`${name}: ${right}/${questions.length} = ${(accuracy * 100).toFixed(1)}%`);
    expect(accuracy).toBeGreaterThanOrEqual(target);
  });

  it('gives the safety questions their safety answer: deny and call IT, or do not reset; never a reset link', () => {
    const safety = questions
      .map((question, index) => ({ question, reply: replies[index] }))
      .filter(({ question }) => SAFETY_TOPICS.has(question.topic));
    const wrong = safety.filter(({ question, reply }) => {
      if (oldLabels && outlookLoop(reply)) return false;
      const topic = oldLabels ? topicOf(reply.intent) : question.topic;
      return topic !== topicOf(reply.intent) || !safetyAnswerIsRight(topic, reply);
    });
    const right = safety.length - wrong.length;
    const needed = Math.min(safetyTarget, safety.length);
    if (right < needed) throw new Error(`${name}: ${right}/${safety.length} safety questions right`);
    expect(right).toBeGreaterThanOrEqual(needed);
  });
});
