import type { Assistant, AssistantReply, ReplyContext } from '../assistant/assistant';
import { REAUTH_TOPIC_ID, UNREQUESTED_TOPIC_ID } from '../cards/reauthWarningCard';
import type { ChecklistService } from '../checklists/checklistService';
import type { Person } from '../checklists/person';
import { MFA_FIRST_TEXT } from '../assistant/mfaFirstAnswer';
import { passwordResetContext } from '../mfa/mfaFirst';
import type { Intent } from '../understanding/understanding';
import type { AskKind, AskRequest, AskResponse, TopicContent } from './contract';
import type { GuideContent } from './guideContent';
import { topicChoicesOf } from './topicChoices';

const PASSWORD_RESET_TOPIC = 'sspr';
const SAFETY_TOPICS = new Set([REAUTH_TOPIC_ID, UNREQUESTED_TOPIC_ID]);

const PLAIN_KINDS: Partial<Record<Intent['kind'], AskKind>> = {
  outOfScope: 'out-of-scope',
  thanks: 'thanks',
  tooLong: 'too-long',
  menu: 'menu',
  empty: 'empty',
};

/**
 * The tab's "ask a question": the chat's own understanding and reply decisions (safety rule
 * included), turned into data instead of cards. A sign-in prompt the person did not start comes out
 * as the `unrequested` warning (deny, contact IT), one after their own sign-in as `reauth` (do not
 * reset, approve); neither ever offers a password reset.
 */
export class TabAnswers {
  constructor(
    private readonly assistant: Assistant,
    private readonly content: GuideContent,
    private readonly checklists: ChecklistService,
  ) {}

  async ask(request: AskRequest, person: Person): Promise<AskResponse> {
    const intent = this.assistant.understanding.understand(request.text);
    const context: { -readonly [K in keyof ReplyContext]: ReplyContext[K] } = {};
    if (intent.kind === 'followUp' && request.lastTopicId && this.assistant.guide.topic(request.lastTopicId))
      context.lastTopicId = request.lastTopicId;
    const journey = this.checklists.journey;
    if (journey && intent.kind === 'topic' && intent.topicId === PASSWORD_RESET_TOPIC) {
      // As the chat decides it: Entra's MFA registration first, else the authenticator stages.
      const view = await this.checklists.view(person, journey.id, { inTeams: true });
      Object.assign(context, passwordResetContext(view));
      if (context.mfaNotRegistered) return this.mfaFirst(context, view.nextStep?.stage.stage.topicId);
    }
    return this.responseOf(this.assistant.replyToIntent(intent, context), context);
  }

  /** Not registered for MFA yet: no reset now; the guide topic of their next step instead. */
  private mfaFirst(context: ReplyContext, nextTopicId: string | undefined): AskResponse {
    const answer = this.assistant.topicAnswer(PASSWORD_RESET_TOPIC, context);
    const next = nextTopicId === undefined ? undefined : this.content.topic(nextTopicId);
    return {
      kind: 'warning',
      warning: { kind: 'mfa-first', title: MFA_FIRST_TEXT, lines: answer?.lead ? [answer.lead] : [] },
      topics: next ? [next] : [],
      answeredTopicId: PASSWORD_RESET_TOPIC,
    };
  }

  private responseOf(reply: AssistantReply, context: ReplyContext): AskResponse {
    const { intent } = reply;
    const first = reply.messages[0];
    const topicId = reply.answeredTopicId;
    // A topic's own answer (directly, or as a follow-up such as "and on my phone?").
    if (topicId && first?.card && first.card === this.assistant.topicAnswer(topicId, context)?.card) {
      const urgent = intent.kind === 'topic' && intent.approvedUnstarted ? first.lead : undefined;
      return this.topicAnswer(topicId, context, urgent);
    }
    const choices = topicChoicesOf(first?.card);
    const message = first?.text;
    if (intent.kind === 'clarify') return { kind: 'clarify', message, topics: [], choices };
    if (intent.kind === 'followUp')
      return topicId
        ? { kind: 'not-solved', message, topics: [], choices, answeredTopicId: topicId }
        : { kind: 'what-is-it', message, topics: [], choices };
    const kind = PLAIN_KINDS[intent.kind] ?? 'menu';
    return { kind, ...(kind === 'menu' ? {} : { message }), topics: [] };
  }

  private topicAnswer(topicId: string, context: ReplyContext, urgent: string | undefined): AskResponse {
    const withoutWarning = topicId === PASSWORD_RESET_TOPIC && context.authenticatorReady === true;
    const topic = this.content.topic(topicId, { withoutWarning }) as TopicContent;
    return {
      kind: SAFETY_TOPICS.has(topicId) ? 'warning' : 'answer',
      ...(topic.warning ? { warning: topic.warning } : {}),
      ...(urgent ? { urgent } : {}),
      topics: [topic],
      answeredTopicId: topicId,
    };
  }
}
