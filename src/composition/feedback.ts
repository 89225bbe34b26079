import type { Logger } from 'pino';
import type { Assistant } from '../assistant/assistant';
import type { AuditLog } from '../broadcast/auditLog';
import type { Clock } from '../clock';
import { AnswerFeedback } from '../feedback/answerFeedback';
import { FEEDBACK_PREFIX, FeedbackRepository } from '../feedback/feedbackRepository';
import { FeedbackSalt } from '../feedback/feedbackSalt';
import type { Guide } from '../guide/types';
import { AddedExamples } from '../report/addedExamples';
import { QuestionLog, UNANSWERED_PREFIX } from '../report/questionLog';
import { ReportChat } from '../report/reportChat';
import { UnansweredRecorder } from '../report/unansweredRecorder';
import { UnansweredReportBuilder } from '../report/unansweredReport';
import { lastChangeOf, type Retention } from '../privacy/retention';
import type { Store } from '../state/store';
import type { Understanding } from '../understanding/understanding';

/** How often each instance looks for examples another instance added. */
const EXAMPLES_CHECK_MS = 60_000;

export interface FeedbackDependencies {
  readonly guide: Guide;
  readonly store: Store;
  readonly assistant: Assistant;
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The retention purge (src/privacy/): votes and recorded questions are deleted with the rest. */
  readonly retention?: Pick<Retention, 'register'>;
}

/**
 * Answer feedback and the unanswered-questions report: the "Was this helpful?" buttons, the record of
 * questions the bot could not answer, the report (chat and API) and the examples IT adds from it.
 */
export interface Feedback {
  readonly answers: AnswerFeedback;
  readonly unanswered: UnansweredRecorder;
  readonly questions: QuestionLog;
  readonly votes: FeedbackRepository;
  readonly report: UnansweredReportBuilder;
  readonly examples: AddedExamples;
  readonly chat: ReportChat;
  /** The understanding in use (it changes when IT adds an example). */
  readonly understanding: () => Understanding;
  /** Learns the examples already stored, then checks for new ones every minute. */
  start(): Promise<void>;
  /** Stops the checks and writes the questions still pending. */
  stop(): Promise<void>;
}

export function createFeedback(deps: FeedbackDependencies): Feedback {
  const { guide, store, assistant, audit, logger, clock } = deps;
  deps.retention?.register(FEEDBACK_PREFIX, lastChangeOf);
  deps.retention?.register(UNANSWERED_PREFIX, lastChangeOf);
  const votes = new FeedbackRepository(store, new FeedbackSalt(store), clock);
  const questions = new QuestionLog(store, clock, (error) =>
    logger.warn({ err: error }, 'Could not record unanswered questions'),
  );
  const understanding = () => assistant.understanding;
  const examples = new AddedExamples(store, guide, assistant, clock, (error) =>
    logger.warn({ err: error }, 'Could not check for added training examples'),
  );
  const report = new UnansweredReportBuilder(
    questions,
    votes,
    guide,
    understanding,
    () => examples.all(),
    clock,
  );
  return {
    answers: new AnswerFeedback(votes),
    unanswered: new UnansweredRecorder(questions),
    questions,
    votes,
    report,
    examples,
    chat: new ReportChat(report, examples, audit, guide),
    understanding,
    start: () => examples.start(EXAMPLES_CHECK_MS),
    stop: async () => {
      examples.stop();
      await questions.flush();
    },
  };
}
