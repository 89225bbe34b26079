import type { OrganisationSettings } from '../config';
import type { Guide } from '../guide/types';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import { answerCardData, createAnswerCard, type SupportContact } from '../cards/answerCard';
import { createDidYouMeanCard, didYouMeanCardData } from '../cards/didYouMeanCard';
import { createMenuCard, menuCardData } from '../cards/menuCard';
import { createReauthWarningCard, REAUTH_TOPIC_ID } from '../cards/reauthWarningCard';
import { createWelcomeCard, welcomeCardData } from '../cards/welcomeCard';
import { MAX_MESSAGE_LENGTH, Understanding, type Intent } from '../understanding/understanding';

/** One message for the person: text, a card, or both (the text is the card's notification preview). */
export interface OutboundMessage {
  readonly text?: string;
  readonly card?: AdaptiveCard;
}

export interface AssistantReply {
  readonly intent: Intent;
  readonly messages: readonly OutboundMessage[];
}

/**
 * Decides what the bot says. Pure core: text in, messages and cards out, no Teams types, so the
 * same answers can be served through any channel SDK.
 */
export class Assistant {
  readonly understanding: Understanding;
  private readonly support: SupportContact;

  constructor(
    readonly guide: Guide,
    private readonly organisation: OrganisationSettings,
  ) {
    this.understanding = new Understanding(guide);
    this.support = { name: organisation.supportName, email: organisation.supportEmail };
  }

  /** The reply to a chat message. */
  replyTo(text: string): AssistantReply {
    const intent = this.understanding.understand(text);
    return { intent, messages: this.messagesFor(intent, text) };
  }

  /** The answer card of one topic, as a topic button shows it; undefined for an unknown id. */
  topicAnswer(topicId: string): OutboundMessage | undefined {
    if (topicId === REAUTH_TOPIC_ID) return this.reauthWarning();
    const topic = this.guide.topic(topicId);
    if (!topic) return undefined;
    return { text: topic.title, card: createAnswerCard(answerCardData(topic, this.guide, this.support)) };
  }

  menu(intro?: string): OutboundMessage {
    return {
      text: 'Microsoft 365 setup topics',
      card: createMenuCard(menuCardData(this.guide, this.support, intro)),
    };
  }

  welcome(): OutboundMessage {
    return {
      text: `Welcome to Microsoft 365 at ${this.organisation.orgName}`,
      card: createWelcomeCard(welcomeCardData(this.guide, this.organisation.orgName)),
    };
  }

  private reauthWarning(): OutboundMessage {
    return {
      text: this.guide.warnings.reauth.title,
      card: createReauthWarningCard(this.guide, this.support),
    };
  }

  private messagesFor(intent: Intent, text: string): OutboundMessage[] {
    switch (intent.kind) {
      case 'empty':
        return [this.menu("I didn't catch a question there. Type it in your own words, or pick a topic.")];
      case 'tooLong':
        return [
          {
            text:
              `That message is ${intent.length} characters long; I read up to ${MAX_MESSAGE_LENGTH}. ` +
              'Please ask one short question, for example "Outlook won\'t connect" or "which authenticator app?".',
          },
        ];
      case 'menu':
        return [this.menu()];
      case 'thanks':
        return [{ text: "You're welcome! Ask me anytime, or type **menu** to see every setup topic." }];
      case 'outOfScope':
        return [
          {
            text:
              `I can only help with the Microsoft 365 setup (authenticator app, signing in, passwords, Outlook, ` +
              `your phone). For anything else, please contact ${this.support.name} at ${this.support.email}.`,
          },
        ];
      case 'didYouMean':
        return [
          {
            text: 'Did you mean one of these?',
            card: createDidYouMeanCard(
              didYouMeanCardData(
                text,
                intent.candidates.map(({ topicId }) => ({
                  topicId,
                  title: this.guide.topic(topicId)?.shortTitle ?? topicId,
                })),
                this.support,
              ),
            ),
          },
        ];
      case 'topic':
        return [intent.safety ? this.reauthWarning() : (this.topicAnswer(intent.topicId) as OutboundMessage)];
    }
  }
}
