import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Assistant } from '../assistant/assistant';
import { ACTION_VERBS } from '../cards/actionVerbs';
import type { ConversationReferences } from '../state/conversationReferences';
import { conversationSightingOf } from './conversationSighting';
import { toActivity } from './outboundActivity';

const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';
const ERROR_RESPONSE = 'application/vnd.microsoft.error';

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

/** Teams-facing bot: chat messages, card buttons and installation events. */
export class OnboardingBot extends TeamsActivityHandler {
  constructor(
    private readonly assistant: Assistant,
    private readonly conversations: ConversationReferences,
    private readonly logger: Logger,
  ) {
    super();

    this.onTurn(async (context, next) => {
      const sighting = conversationSightingOf(context.activity);
      if (sighting) await this.conversations.record(sighting);
      await next();
    });

    this.onMessage(async (context, next) => {
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
      const reply = this.assistant.replyTo(text);
      this.logger.debug({ intent: reply.intent }, 'Understood message');
      for (const message of reply.messages) await context.sendActivity(toActivity(message));
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

  /** Card buttons (`Action.Execute`): topic and menu buttons answer with a new message. */
  protected async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = invokeValue?.action?.verb;
    const data = (invokeValue?.action?.data ?? {}) as { topicId?: unknown };
    if (verb === ACTION_VERBS.showMenu) {
      await context.sendActivity(toActivity(this.assistant.menu()));
      return invokeResponse(200, MESSAGE_RESPONSE, 'Here are the topics');
    }
    if (verb === ACTION_VERBS.showTopic && typeof data.topicId === 'string') {
      const answer = this.assistant.topicAnswer(data.topicId);
      if (answer) {
        await context.sendActivity(toActivity(answer));
        return invokeResponse(200, MESSAGE_RESPONSE, answer.text ?? 'Done');
      }
    }
    this.logger.warn({ verb, data }, 'Card action not understood');
    return invokeResponse(400, ERROR_RESPONSE, {
      code: 'BadRequest',
      message: 'This button is out of date. Type "menu" to see the topics.',
    });
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId || !(await this.conversations.claimWelcome(conversationId))) return;
    await context.sendActivity(toActivity(this.assistant.welcome()));
  }
}
