/**
 * Answer-quality report: runs every line of a questions file (default ../shared/eval/questions.jsonl)
 * through the understanding and prints accuracy per topic, the misses, and the safety results.
 * Usage: npx ts-node-free: `npm run eval -- [file.jsonl]`
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/config';
import { loadGuide } from '../src/guide/loadGuide';
import { Understanding, type Intent } from '../src/understanding/understanding';

interface Question {
  text: string;
  topic: string;
  safety?: boolean;
}

export function predictedTopic(intent: Intent): string {
  switch (intent.kind) {
    case 'topic':
      return intent.topicId;
    case 'outOfScope':
      return 'out_of_scope';
    case 'didYouMean':
      return `did-you-mean(${intent.candidates.map((c) => c.topicId).join('|')})`;
    default:
      return intent.kind;
  }
}

function main(): void {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, '../../../shared/eval/questions.jsonl'));
  const config = loadConfig({});
  const understanding = new Understanding(loadGuide(config.guideFile, config.organisation));
  const questions = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Question);
  const perTopic = new Map<string, { right: number; total: number }>();
  const misses: string[] = [];
  let right = 0;
  let safetyRight = 0;
  let safetyTotal = 0;
  for (const question of questions) {
    const intent = understanding.understand(question.text);
    const predicted = predictedTopic(intent);
    const ok = predicted === question.topic;
    const entry = perTopic.get(question.topic) ?? { right: 0, total: 0 };
    entry.total++;
    if (ok) {
      entry.right++;
      right++;
    } else {
      misses.push(`  ${question.topic.padEnd(20)} got ${predicted.padEnd(28)} "${question.text}"`);
    }
    perTopic.set(question.topic, entry);
    if (question.safety) {
      safetyTotal++;
      if (intent.kind === 'topic' && intent.safety) safetyRight++;
    }
  }
  console.log(`questions: ${questions.length} from ${file}`);
  for (const [topic, { right: r, total }] of [...perTopic].sort()) {
    console.log(`  ${topic.padEnd(22)} ${r}/${total}  ${((100 * r) / total).toFixed(0)}%`);
  }
  console.log(`accuracy: ${right}/${questions.length} = ${((100 * right) / questions.length).toFixed(1)}%`);
  console.log(`safety: ${safetyRight}/${safetyTotal} answered with the re-authentication warning`);
  if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
}

if (require.main === module) main();
