import { z } from 'zod';
import { ACTION_VERBS } from '../cards/actionVerbs';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import {
  checklistCardData,
  createChecklistCard,
  MAX_REFRESH_USER_IDS,
  type CardRefresh,
} from '../cards/checklistCard';
import { createNextStepCard, nextStepCardData } from '../cards/nextStepCard';
import { createNoticeCard } from '../cards/noticeCard';
import { createSharedChecklistCard, sharedChecklistCardData } from '../cards/sharedChecklistCard';
import { ChecklistActionError, type ChecklistService } from '../checklists/checklistService';
import type { ChecklistView, ViewContext } from '../checklists/checklistView';
import type { Person } from '../checklists/person';
import { passwordResetContext } from '../mfa/mfaFirst';
import { MemoryStore } from '../state/memoryStore';
import { checklistCommandOf } from '../understanding/commands';
import type { Assistant, AssistantReply, OutboundMessage, ReplyContext } from './assistant';
import { ConversationMemory } from './conversationMemory';
import { isAskItCommand, type AskItOffers } from '../escalation/askItOffer';
import type { AnswerFeedback, AnsweredTopic } from '../feedback/answerFeedback';
import type { QuestionObserver } from '../report/unansweredRecorder';

/** Where the person is talking to the bot. */
export interface Place {
  readonly personal: boolean;
  /** The conversation's id, for remembering what was said in it (follow-up questions). */
  readonly conversationId?: string;
  /** Members of the group chat or channel, when the channel can tell (it costs a call). */
  readonly memberCount?: () => Promise<number | undefined>;
}

export interface Actor {
  readonly person: Person;
  readonly place: Place;
}

/** What a card button press produces. */
export interface ActionOutcome {
  /** The card that replaces the pressed one, for this person only. */
  readonly card?: AdaptiveCard;
  /** New messages to post in the conversation. */
  readonly messages: readonly OutboundMessage[];
  /** A short confirmation shown where the card stays as it is. */
  readonly toast?: string;
}

const PASSWORD_RESET_TOPIC = 'sspr';
/** Whoever chats with the bot in Teams has signed in to Microsoft 365 already. */
const IN_TEAMS: ViewContext = { inTeams: true };

const checklistData = z.object({ checklistId: z.string().min(1).max(100) });
const stepData = checklistData.extend({
  stepId: z.string().min(1).max(100),
  view: z.enum(['next']).optional(),
});
const stuckData = checklistData.extend({
  topicId: z.string().min(1).max(100),
  view: z.enum(['next']).optional(),
});
const answerData = checklistData.extend({ answer: z.enum(['yes', 'no']) });
const resetData = checklistData.extend({ confirm: z.union([z.literal(true), z.literal('true')]) });
const topicData = z.object({ topicId: z.string().min(1).max(100) });

/** An action's data did not have the shape its verb needs. */
class MalformedActionError extends Error {}

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new MalformedActionError(result.error.issues[0]?.message ?? 'malformed');
  return result.data;
}

/**
 * The conversation with one person: guide answers (made personal where their progress matters),
 * checklist commands and every card button. Core code: no Teams or Bot Framework types.
 */
/** Turns reminders off for a person ("stop reminders"). */
export interface ReminderPreferences {
  stopReminders(personKey: string): Promise<void>;
}

export class OnboardingConversation {
  private readonly memory: ConversationMemory;

  /**
   * `memory` keeps the last topic of each conversation for follow-ups; pass one over the shared
   * durable store (without it, memory lasts only as long as this process).
   */
  constructor(
    private readonly assistant: Assistant,
    private readonly checklists: ChecklistService,
    private readonly reminders?: ReminderPreferences,
    memory?: ConversationMemory,
    /** "Ask IT": keeps the person's last messages and offers the button where it helps. */
    private readonly askIt?: AskItOffers,
  ) {
    this.memory = memory ?? new ConversationMemory(new MemoryStore());
  }

  private feedback?: { readonly answers: AnswerFeedback; readonly unanswered: QuestionObserver };

  /** "Was this helpful?" under answer cards, and the record of questions the bot could not answer. */
  useFeedback(answers: AnswerFeedback, unanswered: QuestionObserver): void {
    this.feedback = { answers, unanswered };
  }

  async onMessage(text: string, actor: Actor): Promise<OutboundMessage[]> {
    if (this.askIt && actor.place.conversationId)
      this.askIt.record(actor.place.conversationId, actor.person.key, text);
    if (this.askIt && isAskItCommand(text)) return [this.askIt.offer('')];
    const journey = this.checklists.journey;
    const command = journey ? checklistCommandOf(text) : undefined;
    if (journey && command === 'showChecklist') return [await this.postChecklist(journey.id, actor)];
    if (journey && command === 'continue') {
      const view = await this.checklists.view(actor.person, journey.id, IN_TEAMS);
      return [this.nextStepMessage(view)];
    }
    if (journey && command === 'resetChecklist') return [this.confirmReset(journey.id)];
    if (command === 'stopReminders' && this.reminders) {
      await this.reminders.stopReminders(actor.person.key);
      return [
        {
          text: "OK, I won't send you any more reminders. Type **checklist** whenever you want to carry on.",
        },
      ];
    }

    const intent = this.assistant.understanding.understand(text);
    this.feedback?.unanswered.observe(text, intent);
    const context: { -readonly [K in keyof ReplyContext]: ReplyContext[K] } = {};
    const conversationId = actor.place.conversationId;
    if (intent.kind === 'followUp' && conversationId) {
      context.lastTopicId = await this.memory.lastTopic(conversationId, actor.person.key);
    }
    if (journey && intent.kind === 'topic' && intent.topicId === PASSWORD_RESET_TOPIC) {
      Object.assign(
        context,
        passwordResetContext(await this.checklists.view(actor.person, journey.id, IN_TEAMS)),
      );
    }
    const reply = this.assistant.replyToIntent(intent, context);
    if (reply.answeredTopicId && conversationId) {
      this.memory.remember(conversationId, actor.person.key, reply.answeredTopicId);
    }
    const messages = this.withFeedback(reply, context, text);
    if (this.askIt?.shouldOffer(intent, reply.answeredTopicId)) return [...messages, this.askIt.offer(text)];
    return messages;
  }

  async onAction(verb: string | undefined, data: unknown, actor: Actor): Promise<ActionOutcome> {
    try {
      return await this.act(verb, data, actor);
    } catch (error) {
      if (error instanceof ChecklistActionError || error instanceof MalformedActionError) {
        return { card: this.outOfDateCard(), messages: [] };
      }
      throw error;
    }
  }

  private async act(verb: string | undefined, data: unknown, actor: Actor): Promise<ActionOutcome> {
    const { person } = actor;
    if (this.feedback?.answers.handles(verb)) {
      const outcome = await this.feedback.answers.onAction(verb, data, person.key, (topicId) =>
        this.answerFor(topicId, person),
      );
      if (!outcome) throw new MalformedActionError('not a feedback button of a known topic');
      return { card: outcome.card, messages: [] };
    }
    switch (verb) {
      case ACTION_VERBS.showMenu:
        return { messages: [this.assistant.menu()], toast: 'Here are the topics' };
      case ACTION_VERBS.showTopic: {
        const { topicId } = parse(topicData, data);
        const journey = this.checklists.journey;
        const context =
          journey && topicId === PASSWORD_RESET_TOPIC
            ? passwordResetContext(await this.checklists.view(person, journey.id, IN_TEAMS))
            : {};
        const answer = this.assistant.topicAnswer(topicId, context);
        if (!answer) throw new MalformedActionError('unknown topic');
        if (actor.place.conversationId)
          await this.memory.remember(actor.place.conversationId, person.key, topicId);
        return {
          messages: [this.feedback ? this.feedback.answers.withButtons(answer, topicId) : answer],
          toast: answer.text,
        };
      }
      case ACTION_VERBS.checklistShow: {
        const { checklistId } = parse(checklistData, data);
        return {
          card: await this.checklistCard(await this.checklists.view(person, checklistId, IN_TEAMS), actor),
          messages: [],
        };
      }
      case ACTION_VERBS.checklistDone: {
        const { checklistId, stepId, view } = parse(stepData, data);
        const updated = await this.checklists.complete(person, checklistId, stepId, IN_TEAMS);
        return {
          card:
            view === 'next' ? this.nextStepMessage(updated).card : await this.checklistCard(updated, actor),
          messages: [],
        };
      }
      case ACTION_VERBS.checklistUndo: {
        const { checklistId, stepId } = parse(stepData, data);
        return {
          card: await this.checklistCard(
            await this.checklists.undo(person, checklistId, stepId, IN_TEAMS),
            actor,
          ),
          messages: [],
        };
      }
      case ACTION_VERBS.checklistAuthenticator: {
        const { checklistId, answer } = parse(answerData, data);
        const updated = await this.checklists.answerAuthenticator(person, checklistId, answer, IN_TEAMS);
        return { card: await this.checklistCard(updated, actor), messages: [] };
      }
      case ACTION_VERBS.checklistReset: {
        const { checklistId } = parse(resetData, data);
        return {
          card: await this.checklistCard(await this.checklists.reset(person, checklistId, IN_TEAMS), actor),
          messages: [],
        };
      }
      case ACTION_VERBS.checklistStuck: {
        const { checklistId, topicId, view } = parse(stuckData, data);
        const current = await this.checklists.view(person, checklistId, IN_TEAMS);
        if (!current.checklist.stages.some((stage) => stage.topicId === topicId)) {
          throw new ChecklistActionError(`Checklist "${checklistId}" has no stage "${topicId}".`);
        }
        const answer = this.assistant.topicAnswer(topicId) as OutboundMessage;
        const support = this.assistant.supportContact;
        return {
          card:
            view === 'next' ? this.nextStepMessage(current).card : await this.checklistCard(current, actor),
          messages: [
            answer,
            {
              text: `Still stuck? Contact ${support.name} at ${support.email}; say which step you are on (${current.nextStep?.step.text ?? current.checklist.title}).`,
            },
            ...(this.askIt
              ? [this.askIt.offer(`I'm stuck at: ${current.nextStep?.step.text ?? current.checklist.title}`)]
              : []),
          ],
        };
      }
      default:
        throw new MalformedActionError(`unknown verb ${verb ?? '(none)'}`);
    }
  }

  /** The answer card of a topic as this person gets it now (the reset answer depends on their progress). */
  private async answerFor(topicId: string, person: Person): Promise<AnsweredTopic | undefined> {
    const journey = this.checklists.journey;
    const context =
      journey && topicId === PASSWORD_RESET_TOPIC
        ? passwordResetContext(await this.checklists.view(person, journey.id, IN_TEAMS))
        : {};
    const answer = this.assistant.topicAnswer(topicId, context);
    if (!answer?.card) return undefined;
    return { card: answer.card, title: this.assistant.guide.topic(topicId)?.shortTitle ?? topicId };
  }

  /** Answer cards get "Was this helpful?"; `question` is what the person typed. */
  private withFeedback(reply: AssistantReply, context: ReplyContext, question: string): OutboundMessage[] {
    const feedback = this.feedback;
    const topicId = reply.answeredTopicId;
    if (!feedback || !topicId) return [...reply.messages];
    const answerCard = this.assistant.topicAnswer(topicId, context)?.card;
    return reply.messages.map((message) =>
      message.card && (reply.intent.kind === 'topic' || message.card === answerCard)
        ? feedback.answers.withButtons(message, topicId, question)
        : message,
    );
  }

  /** A personal chat gets the person's own card; a group chat or channel gets one card for everyone. */
  private async postChecklist(checklistId: string, actor: Actor): Promise<OutboundMessage> {
    const checklist = this.checklists.checklist(checklistId);
    if (!actor.place.personal) {
      const card = createSharedChecklistCard(
        sharedChecklistCardData(checklist.title, checklistId),
        await this.refreshFor(checklistId, actor),
      );
      return { text: `${checklist.title}: show my progress`, card };
    }
    const view = await this.checklists.view(actor.person, checklistId, IN_TEAMS);
    return {
      text: `${checklist.title}: ${view.doneCount} of ${view.totalCount} steps done`,
      card: await this.checklistCard(view, actor),
    };
  }

  private async checklistCard(view: ChecklistView, actor: Actor): Promise<AdaptiveCard> {
    return createChecklistCard(checklistCardData(view), await this.refreshFor(view.checklist.id, actor));
  }

  /**
   * Teams refreshes a card automatically for every member of a chat of 60 or fewer when `userIds`
   * is left out; larger audiences can list at most 60, so the person who asked is listed and the
   * rest use Refresh in the message menu.
   */
  private async refreshFor(checklistId: string, actor: Actor): Promise<CardRefresh> {
    if (actor.place.personal) return { checklistId };
    const members = await actor.place.memberCount?.();
    if (members !== undefined && members <= MAX_REFRESH_USER_IDS) return { checklistId };
    return { checklistId, userIds: actor.person.teamsId ? [actor.person.teamsId] : [] };
  }

  private nextStepMessage(view: ChecklistView): OutboundMessage & { card: AdaptiveCard } {
    const data = nextStepCardData(view);
    if (!data) {
      return {
        text: 'All done',
        card: createNoticeCard({
          heading: 'All done!',
          text: `You have finished every step of "${view.checklist.title}" (${view.doneCount} of ${view.totalCount}).`,
          buttons: [
            {
              title: 'Show my checklist',
              verb: ACTION_VERBS.checklistShow,
              checklistId: view.checklist.id,
              confirm: false,
            },
          ],
        }),
      };
    }
    return { text: `Next: ${data.text}`, card: createNextStepCard(data) };
  }

  private confirmReset(checklistId: string): OutboundMessage {
    return {
      text: 'Clear your checklist?',
      card: createNoticeCard({
        heading: 'Clear your checklist progress?',
        text: 'Every step you have ticked will be unticked. This cannot be undone.',
        buttons: [
          { title: 'Yes, clear it', verb: ACTION_VERBS.checklistReset, checklistId, confirm: true },
          { title: 'Keep my progress', verb: ACTION_VERBS.checklistShow, checklistId, confirm: false },
        ],
      }),
    };
  }

  private outOfDateCard(): AdaptiveCard {
    const journey = this.checklists.journey;
    return createNoticeCard({
      heading: 'That button is out of date',
      text: 'Nothing was changed. Type **checklist** to get your current checklist, or **menu** for every topic.',
      buttons: journey
        ? [
            {
              title: 'Show my checklist',
              verb: ACTION_VERBS.checklistShow,
              checklistId: journey.id,
              confirm: false,
            },
          ]
        : [],
    });
  }
}
