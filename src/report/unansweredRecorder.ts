import type { Intent } from '../understanding/understanding';
import { OUT_OF_SCOPE_TOPIC } from '../understanding/trainingData';
import type { QuestionLog } from './questionLog';

/** Sees every understood chat message; keeps the ones the bot could not answer. */
export interface QuestionObserver {
  observe(text: string, intent: Intent): void;
}

/**
 * Records "outside the setup" and "which topic do you mean?" outcomes with the question's text and
 * what the bot guessed (`out_of_scope`, or the likelier of the two topics it asked about). No identity.
 */
export class UnansweredRecorder implements QuestionObserver {
  constructor(private readonly log: QuestionLog) {}

  observe(text: string, intent: Intent): void {
    if (intent.kind === 'clarify')
      this.log.record({
        text: text.trim(),
        outcome: 'clarify',
        guessedTopicId: intent.candidates[0].topicId,
      });
    else if (intent.kind === 'outOfScope')
      this.log.record({ text: text.trim(), outcome: 'outOfScope', guessedTopicId: OUT_OF_SCOPE_TOPIC });
  }
}
