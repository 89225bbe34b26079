import type { Logger } from 'pino';
import { z } from 'zod';
import type { OutboundMessage } from '../assistant/assistant';
import type { ActionOutcome } from '../assistant/onboardingConversation';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../cards/adaptiveCard';
import {
  createEmailItCard,
  createEscalationListCard,
  createEscalationNoticeCard,
} from '../cards/escalationCards';
import type { ChecklistService } from '../checklists/checklistService';
import type { ProgressRepository } from '../checklists/progressRepository';
import type { Person } from '../checklists/person';
import type { Clock } from '../clock';
import type { ConversationReferences } from '../state/conversationReferences';
import type { TeamsConnectorClient } from '../teams/connectorClient';
import { supportMailto } from './emailFallback';
import type { Escalation, ItPerson } from './escalationRecord';
import type { EscalationRepository } from './escalationRepository';
import { ESCALATION_VERBS } from './escalationVerbs';
import { escalationCard, shortTime, statusLineOf } from './escalationView';
import type { MessageHistory } from './messageHistory';
import { personDetailsOf } from './personDetails';
import { questionOf } from './askItOffer';

/** Who pressed or typed, and where. Core: no Bot Framework types. */
export interface EscalationActor {
  readonly person: Person;
  readonly aadObjectId?: string;
  readonly conversationId?: string;
  readonly serviceUrl?: string;
}

export interface EscalationSettings {
  /** ESCALATION_CHANNEL_ID; undefined: Ask IT answers with an e-mail link. */
  readonly channelId?: string;
  readonly supportName: string;
  readonly supportEmail: string;
  /** The channel card's times are in the organisation's zone (ORG_TIMEZONE). */
  readonly timezone: string;
}

export interface EscalationDependencies {
  readonly repository: EscalationRepository;
  readonly history: MessageHistory;
  readonly checklists: ChecklistService;
  readonly progress: ProgressRepository;
  readonly connector: TeamsConnectorClient;
  readonly conversations: ConversationReferences;
  /** Who may list escalations: AdminConversation.isAdmin. */
  readonly isAdmin: (actor: { aadObjectId?: string }) => Promise<boolean>;
  readonly settings: EscalationSettings;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** A second Ask IT for the same question this soon is the same escalation (a double press). */
const SAME_QUESTION_WITHIN_MS = 10 * 60_000;
const MAX_QUESTION_LENGTH = 2000;

const askData = z.object({ question: z.string().max(4000).optional() });
const cardData = z.object({ escalationId: z.string().min(1).max(100) });
const replyData = cardData.extend({ replyText: z.string().max(4000).optional() });

const RESOLVED_MESSAGE = 'IT marked your question resolved; type **Ask IT** if you still need help.';

/**
 * "Ask IT": the person's question goes to IT's Teams channel as a card with their last messages and
 * setup progress; IT takes it, replies (the person gets the reply in their chat with the bot) and
 * resolves it, the card updated in place each time. Every change is an optimistic update of the
 * stored escalation, so only the press that changed it tells the person, whichever instance had it.
 */
export class EscalationDesk {
  constructor(private readonly deps: EscalationDependencies) {}

  async onAction(verb: string, data: unknown, actor: EscalationActor): Promise<ActionOutcome> {
    switch (verb) {
      case ESCALATION_VERBS.ask:
        return this.ask(data, actor);
      case ESCALATION_VERBS.take:
      case ESCALATION_VERBS.reply:
      case ESCALATION_VERBS.resolve:
        if (!this.inChannel(actor))
          return this.card(
            createEscalationNoticeCard(
              'Only IT can do this',
              "This button works on the question's card in IT's escalation channel.",
            ),
          );
        return this.itAction(verb, data, actor);
      default:
        return this.outOfDate();
    }
  }

  /** The `escalations` chat command: the open ones, newest first, with who took each (admins only). */
  async listOpen(actor: EscalationActor): Promise<OutboundMessage[]> {
    if (!(await this.deps.isAdmin(actor))) return [{ text: 'Only IT admins can list escalations.' }];
    const { timezone } = this.deps.settings;
    const open = (await this.deps.repository.list()).filter((escalation) => escalation.status === 'open');
    const items = open.map((escalation) => ({
      title: `${escalation.person.name}: ${escalation.question.slice(0, 120)}`,
      detail: `${statusLineOf(escalation, timezone)} · reference ${escalation.id}`,
    }));
    return [
      {
        text: `Open escalations: ${open.length}`,
        card: createEscalationListCard(`Open escalations (${open.length})`, items),
      },
    ];
  }

  private async ask(data: unknown, actor: EscalationActor): Promise<ActionOutcome> {
    const parsed = askData.safeParse(data);
    if (!parsed.success) return this.outOfDate();
    const { settings, history } = this.deps;
    const recent = actor.conversationId ? await history.recent(actor.conversationId, actor.person.key) : [];
    const question = (parsed.data.question?.trim() || questionOf(recent)).slice(0, MAX_QUESTION_LENGTH);
    if (!settings.channelId || !actor.conversationId || !actor.serviceUrl)
      return this.card(this.emailCard(question, recent));

    const repeated = await this.recentlyAsked(actor.person.key, question);
    if (repeated) return this.card(this.passedCard(repeated.id));

    const escalation = await this.newEscalation(
      question,
      recent,
      actor,
      actor.conversationId,
      actor.serviceUrl,
    );
    await this.deps.repository.create(escalation);
    try {
      const serviceUrl =
        (await this.deps.conversations.get(settings.channelId))?.serviceUrl ?? actor.serviceUrl;
      const activityId = await this.deps.connector.sendActivity(serviceUrl, settings.channelId, {
        type: 'message',
        summary: `Ask IT: ${escalation.person.name}`,
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: this.channelCard(escalation) }],
      });
      await this.deps.repository.update(escalation.id, (current) => ({
        ...current,
        channelPost: { serviceUrl, conversationId: settings.channelId as string, activityId },
      }));
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'Could not post a question to the IT channel');
      await this.deps.repository.delete(escalation.id).catch(() => undefined);
      return this.card(this.emailCard(question, recent, "I couldn't reach IT's channel just now."));
    }
    return this.card(this.passedCard(escalation.id));
  }

  private async itAction(verb: string, data: unknown, actor: EscalationActor): Promise<ActionOutcome> {
    const parsed = replyData.safeParse(data);
    if (!parsed.success) return this.outOfDate();
    const it: ItPerson = { key: actor.person.key, name: actor.person.name ?? 'Someone from IT' };
    const at = this.deps.clock().toISOString();
    const replyText = parsed.data.replyText?.trim().slice(0, MAX_QUESTION_LENGTH) ?? '';
    const change = (current: Escalation): Escalation | undefined => {
      if (current.status !== 'open') return undefined;
      if (verb === ESCALATION_VERBS.take)
        return current.takenBy ? undefined : { ...current, takenBy: { ...it, at }, updatedAt: at };
      if (verb === ESCALATION_VERBS.resolve)
        return { ...current, status: 'resolved', resolvedBy: { ...it, at }, updatedAt: at };
      const last = current.replies[current.replies.length - 1];
      if (replyText === '' || (last?.key === it.key && last.text === replyText)) return undefined;
      if (current.replies.length >= 50) return undefined;
      return { ...current, replies: [...current.replies, { ...it, text: replyText, at }], updatedAt: at };
    };
    const result = await this.deps.repository.update(parsed.data.escalationId, change);
    if (!result) return this.outOfDate();
    const { escalation, changed } = result;
    if (changed) {
      await Promise.all([
        this.tellPerson(escalation, this.personMessage(verb, it, replyText)),
        this.updateChannelCard(escalation),
      ]);
      return this.card(this.channelCard(escalation));
    }
    return this.card(this.channelCard(escalation, this.unchangedNotice(verb, escalation, it, replyText)));
  }

  private personMessage(verb: string, it: ItPerson, replyText: string): string {
    if (verb === ESCALATION_VERBS.take) return `${it.name} from IT is looking at your question.`;
    if (verb === ESCALATION_VERBS.resolve) return RESOLVED_MESSAGE;
    return `${it.name} from IT: ${replyText}`;
  }

  /** Why a press changed nothing, shown on the card to whoever pressed. */
  private unchangedNotice(
    verb: string,
    escalation: Escalation,
    it: ItPerson,
    replyText: string,
  ): string | undefined {
    const { timezone } = this.deps.settings;
    if (escalation.resolvedBy)
      return verb === ESCALATION_VERBS.reply && replyText !== ''
        ? 'This question is resolved already: the reply was not sent.'
        : undefined;
    if (verb === ESCALATION_VERBS.take && escalation.takenBy && escalation.takenBy.key !== it.key)
      return `Already taken by ${escalation.takenBy.name} at ${shortTime(escalation.takenBy.at, timezone)}.`;
    if (verb === ESCALATION_VERBS.reply && replyText === '') return 'Write the reply first.';
    return undefined;
  }

  private async newEscalation(
    question: string,
    recent: readonly string[],
    actor: EscalationActor,
    conversationId: string,
    serviceUrl: string,
  ): Promise<Escalation> {
    const { checklists, progress, clock, repository } = this.deps;
    const journey = checklists.journey;
    const view = journey && (await checklists.view(actor.person, journey.id, { inTeams: true }));
    const answer = (await progress.find(actor.person.key))?.authenticatorAnswer;
    const details = personDetailsOf(recent, answer);
    const now = clock().toISOString();
    return {
      id: repository.newId(),
      status: 'open',
      createdAt: now,
      updatedAt: now,
      person: { key: actor.person.key, name: actor.person.name ?? 'Someone' },
      personChat: { serviceUrl, conversationId },
      question,
      recentMessages: recent.map((message) => message.slice(0, 1000)),
      progress: view ? `${view.doneCount} of ${view.totalCount} steps done` : undefined,
      nextStep: view?.nextStep?.step.text.slice(0, 500),
      ...details,
      replies: [],
    };
  }

  private async recentlyAsked(personKey: string, question: string): Promise<Escalation | undefined> {
    const now = this.deps.clock().getTime();
    return (await this.deps.repository.list()).find(
      (escalation) =>
        escalation.status === 'open' &&
        escalation.person.key === personKey &&
        escalation.question === question &&
        now - Date.parse(escalation.createdAt) < SAME_QUESTION_WITHIN_MS,
    );
  }

  /** Proactive, through the paced connector; a failure is logged, never IT's problem on the card. */
  private async tellPerson(escalation: Escalation, text: string): Promise<void> {
    const { serviceUrl, conversationId } = escalation.personChat;
    try {
      await this.deps.connector.sendActivity(serviceUrl, conversationId, { type: 'message', text });
    } catch (error) {
      this.deps.logger.warn(
        { err: error, escalation: escalation.id },
        'Could not tell the person about their question',
      );
    }
  }

  /** Everyone in the channel sees the card change, not only the one who pressed. */
  private async updateChannelCard(escalation: Escalation): Promise<void> {
    const post = escalation.channelPost;
    if (!post) return;
    try {
      await this.deps.connector.updateActivity(post.serviceUrl, post.conversationId, post.activityId, {
        type: 'message',
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: this.channelCard(escalation) }],
      });
    } catch (error) {
      this.deps.logger.warn(
        { err: error, escalation: escalation.id },
        'Could not update the escalation card',
      );
    }
  }

  private channelCard(escalation: Escalation, notice?: string): AdaptiveCard {
    return escalationCard(escalation, this.deps.settings.timezone, notice);
  }

  /** Presses in the channel count; Teams gives a channel post's conversation as `<channel>;messageid=…`. */
  private inChannel(actor: EscalationActor): boolean {
    const channelId = this.deps.settings.channelId;
    return channelId !== undefined && actor.conversationId?.split(';')[0] === channelId;
  }

  private passedCard(id: string): AdaptiveCard {
    return createEscalationNoticeCard(
      'Passed to IT',
      `I've passed your question to IT (reference ${id}); they'll reply here.`,
    );
  }

  private emailCard(question: string, recent: readonly string[], reason?: string): AdaptiveCard {
    const { supportName, supportEmail } = this.deps.settings;
    return createEmailItCard(
      `E-mail ${supportName}`,
      `${reason ? `${reason} ` : ''}Press **E-mail IT** to write to ${supportName} at ${supportEmail}: your question and your last messages are filled in. Add anything else that helps (a screenshot), never your password.`,
      supportMailto(supportEmail, question, recent),
    );
  }

  private outOfDate(): ActionOutcome {
    return this.card(
      createEscalationNoticeCard(
        'That button is out of date',
        'Nothing was changed. Type **Ask IT** to ask IT again, or **menu** for every topic.',
      ),
    );
  }

  private card(card: AdaptiveCard): ActionOutcome {
    return { card, messages: [] };
  }
}
