import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { GuideError } from '../guide/loadGuide';

/** One labelled message: what someone wrote and the topic it is about. */
export interface LabelledMessage {
  readonly text: string;
  readonly topic: string;
}

/**
 * A training file that cannot be used; the message names the file, the line, the field and the
 * problem. It is a guide error, so the bot refuses to start on it the same way.
 */
export class TrainingDataError extends GuideError {
  constructor(file: string, line: number, field: string, problem: string) {
    super(file, `line ${line}`, field, problem);
    this.name = 'TrainingDataError';
  }
}

const lineSchema = z.strictObject({
  text: z.string().trim().min(1, 'text must not be empty').max(4000, 'text is longer than 4000 characters'),
  topic: z.string().min(1),
  safety: z.boolean().optional(),
});

/** The topic a training message is labelled with when it is not about the setup at all. */
export const OUT_OF_SCOPE_TOPIC = 'out_of_scope';

/**
 * Reads every `*.jsonl` file of a folder: one `{"text", "topic", "safety"}` object a line. Every
 * topic must be a guide topic or `out_of_scope`; a bad line stops the bot at start-up, naming it.
 */
export function loadTrainingData(folder: string, topicIds: ReadonlySet<string>): LabelledMessage[] {
  if (!fs.existsSync(folder)) return [];
  const files = fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
  const messages: LabelledMessage[] = [];
  for (const name of files) {
    const file = path.join(folder, name);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new TrainingDataError(file, index + 1, '-', 'is not valid JSON');
      }
      const parsed = lineSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new TrainingDataError(
          file,
          index + 1,
          issue?.path.join('.') || '-',
          issue?.message ?? 'malformed',
        );
      }
      const { text, topic } = parsed.data;
      if (topic !== OUT_OF_SCOPE_TOPIC && !topicIds.has(topic)) {
        throw new TrainingDataError(file, index + 1, 'topic', `"${topic}" is not a topic of the guide`);
      }
      messages.push({ text, topic });
    });
  }
  return messages;
}
