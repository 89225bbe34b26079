import {
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Assistant } from '../assistant/assistant';
import {
  ADMIN_VERBS,
  adminCommandOf,
  type AdminActor,
  type AdminConversation,
} from '../admin/adminConversation';
import type { Actor, OnboardingConversation } from '../assistant/onboardingConversation';
import type { OutboundMessage } from '../assistant/assistant';
import type { BroadcastService } from '../broadcast/broadcastService';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/adaptiveCard';
import { personFrom } from '../checklists/person';
import type { ConversationReferences } from '../state/conversationReferences';
import { conversationSightingOf } from './conversationSighting';
import { SLOW_DOWN_REPLY, type MessageRate } from './messageRate';
import { turnLogger } from './turnLogger';
import { toActivity } from './outboundActivity';
import type { EscalationActor, EscalationDesk } from '../escalation/escalationDesk';
import { isEscalationsCommand } from '../escalation/escalationCommands';
import { ESCALATION_VERB_SET } from '../escalation/escalationVerbs';

const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';
const ERROR_RESPONSE = 'application/vnd.microsoft.error';
/** One page one larger than Teams' auto-refresh limit tells whether a chat has more than 60 members. */
const MEMBER_PROBE_PAGE = 61;
const CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** The Universal Actions invoke value, checked before any handler sees it. */
const cardActionValueSchema = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    id: z.string().max(256).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

/**
 * The Universal Actions response body. botbuilder types `value` as an object, but the protocol's
 * message response carries a plain string (shown as a toast), hence the one cast here.
 */
function invokeResponse(
  statusCode: number,
  type: string,
  value: string | object,
): AdaptiveCardInvokeResponse {
  return { statusCode, type, value } as unknown as AdaptiveCardInvokeResponse;
}

function isUnreadableCardAction(activity: TurnContext['activity']): boolean {
  return (
    activity.type === 'invoke' &&
    activity.name === CARD_ACTION_INVOKE &&
    !cardActionValueSchema.safeParse(activity.value).success
  );
}

/** The person and place of an activity, as the core needs them. */
function actorOf(context: TurnContext): Actor | undefined {
  const { from, conversation } = context.activity;
  const person = personFrom({ aadObjectId: from?.aadObjectId, teamsId: from?.id, name: from?.name });
  if (!person) return undefined;
  const personal = (conversation?.conversationType ?? 'personal') === 'personal';
  return {
    person,
    place: {
      personal,
      conversationId: conversation?.id,
      memberCount: async () => {
        try {
          const page = await TeamsInfo.getPagedMembers(context, MEMBER_PROBE_PAGE);
          return page.continuationToken ? MEMBER_PROBE_PAGE : page.members.length;
        } catch {
          return undefined;
        }
      },
    },
  };
}

/** "Ask IT": the person, and the conversation a card was pressed in (IT's channel, or their chat). */
function escalationActorOf(actor: Actor, context: TurnContext): EscalationActor {
  const { from, conversation, serviceUrl } = context.activity;
  return {
    person: actor.person,
    aadObjectId: from?.aadObjectId,
    conversationId: conversation?.id,
    serviceUrl,
  };
}

function adminActorOf(context: TurnContext): AdminActor {
  const { from, conversation, serviceUrl, replyToId, localTimezone } = context.activity;
  return {
    aadObjectId: from?.aadObjectId,
    teamsId: from?.id,
    name: from?.name,
    timezone: localTimezone,
    serviceUrl,
    conversationId: conversation?.id,
    cardActivityId: replyToId,
  };
}

/** The activities by which a person arrives in a new 1:1 chat: the moments to read their UPN. */
const UPN_ON_ARRIVAL: ReadonlySet<string> = new Set(['message', 'conversationUpdate', 'installationUpdate']);

/** The IT side: broadcasting from chat. Optional, so the bot also runs without it. */
export interface AdminSide {
  readonly conversation: AdminConversation;
  readonly broadcasts: BroadcastService;
}

/** Teams-facing bot: chat messages, card buttons and installation events. */
export class OnboardingBot extends TeamsActivityHandler {
  constructor(
    private readonly assistant: Assistant,
    private readonly conversation: OnboardingConversation,
    private readonly conversations: ConversationReferences,
    private readonly logger: Logger,
    private readonly messageRate: MessageRate,
    private readonly admin?: AdminSide,
    /** "Ask IT": the person's button and IT's buttons in the escalation channel. */
    private readonly escalations?: EscalationDesk,
  ) {
    super();

    this.onTurn(async (context, next) => {
      // A card action that will be refused (400) must change nothing, not even the reference.
      const sighting = isUnreadableCardAction(context.activity)
        ? undefined
        : conversationSightingOf(context.activity);
      const created =
        sighting !== undefined &&
        (
          await this.conversations.recordSighting(sighting, {
            fromMessage: context.activity.type === 'message',
          })
        ).created;
      await next();
      // After the reply, so that the first answer never waits on it; not for a card button, whose
      // answer is the HTTP response itself, nor for activities that are not a person arriving.
      if (
        created &&
        sighting.conversationType === 'personal' &&
        sighting.userTeamsId &&
        UPN_ON_ARRIVAL.has(context.activity.type)
      )
        await this.rememberUserPrincipalName(context, sighting.conversationId, sighting.userTeamsId);
    });

    this.onMessage(async (context, next) => {
      const actor = actorOf(context);
      // The person key, as the tab's question box uses: one allowance per person, wherever they ask.
      const decision = this.messageRate.decide(actor?.person.key ?? 'unknown');
      if (decision !== 'answer') {
        if (decision === 'slowDown') await context.sendActivity(SLOW_DOWN_REPLY);
        turnLogger(context, this.logger).info({ decision }, 'Message over the per-person rate');
        return;
      }
      const text =
        typeof context.activity.text === 'string'
          ? (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text)
          : '';
      const adminCommand = this.admin ? adminCommandOf(text) : undefined;
      let messages: readonly OutboundMessage[];
      if (this.escalations && actor && isEscalationsCommand(text))
        messages = await this.escalations.listOpen(escalationActorOf(actor, context));
      else if (this.admin && adminCommand)
        messages = await this.admin.conversation.onCommand(adminCommand, adminActorOf(context));
      else if (actor) messages = await this.conversation.onMessage(text, actor);
      else messages = this.assistant.replyTo(text).messages;
      await this.send(context, messages);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      const conversationId = context.activity.conversation?.id;
      if (conversationId) await this.conversations.remove(conversationId);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some(
        (member) => member.id === context.activity.recipient.id,
      );
      if (botAdded) await this.welcomeOnce(context);
      await next();
    });
  }

  /**
   * Invokes: only card actions are handled. One whose value cannot be read gets 400 with an error
   * body (Teams shows it on the card); any other invoke is acknowledged and ignored.
   */
  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== CARD_ACTION_INVOKE) {
      turnLogger(context, this.logger).info(
        { name: context.activity.name },
        'Ignored an invoke the bot does not handle',
      );
      return { status: 200 };
    }
    const value = cardActionValueSchema.safeParse(context.activity.value);
    if (!value.success) {
      const body = invokeResponse(400, ERROR_RESPONSE, {
        code: 'BadRequest',
        message: 'This card action could not be read.',
      });
      return { status: 400, body };
    }
    const response = await this.onAdaptiveCardInvoke(
      context,
      value.data as unknown as AdaptiveCardInvokeValue,
    );
    return { status: response.statusCode, body: response };
  }

  /**
   * Card buttons (`Action.Execute`). Checklist buttons answer with the updated card, which replaces
   * the pressed one for this person; topic buttons post a new message.
   */
  protected async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const actor = actorOf(context);
    if (!actor) {
      return invokeResponse(400, ERROR_RESPONSE, { code: 'BadRequest', message: 'The action has no user.' });
    }
    const verb = invokeValue?.action?.verb;
    const data = invokeValue?.action?.data ?? {};
    const outcome =
      this.escalations && verb && ESCALATION_VERB_SET.has(verb)
        ? await this.escalations.onAction(verb, data, escalationActorOf(actor, context))
        : this.admin && verb && ADMIN_VERBS.has(verb)
          ? await this.admin.conversation.onAction(verb, data, adminActorOf(context))
          : await this.conversation.onAction(verb, data, actor);
    turnLogger(context, this.logger).debug(
      { verb, person: actor.person.key, replaced: outcome.card !== undefined },
      'Card action',
    );
    await this.send(context, outcome.messages);
    if (outcome.card) return invokeResponse(200, ADAPTIVE_CARD_CONTENT_TYPE, outcome.card);
    return invokeResponse(200, MESSAGE_RESPONSE, outcome.toast ?? 'Done');
  }

  /** Sends in order; a broadcast's status card is remembered so that it can be updated in place. */
  private async send(context: TurnContext, messages: readonly OutboundMessage[]): Promise<void> {
    for (const message of messages) {
      const response = await context.sendActivity(toActivity(message));
      if (message.tracksBroadcast && response?.id && this.admin) {
        await this.admin.broadcasts.setStatusMessage(message.tracksBroadcast, {
          serviceUrl: context.activity.serviceUrl,
          conversationId: context.activity.conversation.id,
          activityId: response.id,
          timezone: context.activity.localTimezone,
        });
      }
    }
  }

  /**
   * A new 1:1 chat: the person's UPN from Teams' member record, kept on the conversation so that
   * broadcasts to e-mail addresses find them without Graph. Once per new conversation; a failure
   * only means that address matching waits for Graph.
   */
  private async rememberUserPrincipalName(
    context: TurnContext,
    conversationId: string,
    userTeamsId: string,
  ): Promise<void> {
    try {
      const member = await TeamsInfo.getMember(context, userTeamsId);
      if (member.userPrincipalName)
        await this.conversations.setUserPrincipalName(conversationId, member.userPrincipalName);
    } catch (error) {
      turnLogger(context, this.logger).debug({ err: error }, "Could not read the person's UPN from Teams");
    }
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId || !(await this.conversations.claimWelcome(conversationId))) return;
    await context.sendActivity(toActivity(this.assistant.welcome()));
  }
}
