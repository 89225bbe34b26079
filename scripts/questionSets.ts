import * as fs from 'node:fs';
import type { Intent } from '../src/understanding/understanding';

/** One labelled line of a question set (`tests/fixtures/*.jsonl`). */
export interface Question {
  readonly text: string;
  readonly topic: string;
  readonly safety?: boolean;
}

export const SAFETY_TOPICS: ReadonlySet<string> = new Set(['reauth_prompt', 'unrequested_prompt']);

/** A JSONL question set, blank lines skipped. */
export function readQuestions(file: string): Question[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Question);
}

/**
 * The topic an intent answers with; anything else (a clarifying question, a menu) is named by its
 * kind, so it never equals a topic and counts as a miss.
 */
export function predictedTopic(intent: Intent): string {
  switch (intent.kind) {
    case 'topic':
      return intent.topicId;
    case 'outOfScope':
      return 'out_of_scope';
    case 'clarify':
      return `clarify(${intent.candidates.map((candidate) => candidate.topicId).join('|')})`;
    case 'followUp':
      return `followUp(${intent.followUp})`;
    default:
      return intent.kind;
  }
}
