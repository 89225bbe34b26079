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
  /** Shown above the card in the same message (a card's `text` is only its notification summary). */
  readonly lead?: string;
  /** This message is the live status card of that broadcast: keep it updated once sent. */
  readonly tracksBroadcast?: string;
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
  /** Cards that depend only on the guide and the settings, built once: templating is the costly part of a turn. */
  private readonly answers = new Map<string, OutboundMessage>();
  private readonly menuMessage: OutboundMessage;
  private readonly welcomeMessage: OutboundMessage;
  private readonly didYouMeanMessages = new Map<string, OutboundMessage>();

  constructor(
    readonly guide: Guide,
    organisation: OrganisationSettings,
  ) {
    this.understanding = new Understanding(guide);
    this.support = { name: organisation.supportName, email: organisation.supportEmail };
    for (const topic of guide.topics) {
      this.answers.set(
        topic.id,
        topic.id === REAUTH_TOPIC_ID
          ? { text: guide.warnings.reauth.title, card: createReauthWarningCard(guide, this.support) }
          : { text: topic.title, card: createAnswerCard(answerCardData(topic, guide, this.support)) },
      );
    }
    this.menuMessage = this.buildMenu();
    this.welcomeMessage = {
      text: `Welcome to Microsoft 365 at ${organisation.orgName}`,
      card: createWelcomeCard(welcomeCardData(guide, organisation.orgName)),
    };
  }

  /** Who people are sent to for help. */
  get supportContact(): SupportContact {
    return this.support;
  }

  /** The reply to a chat message. */
  replyTo(text: string): AssistantReply {
    const intent = this.understanding.understand(text);
    return { intent, messages: this.messagesFor(intent) };
  }

  /** The answer card of one topic, as a topic button shows it; undefined for an unknown id. */
  topicAnswer(topicId: string): OutboundMessage | undefined {
    return this.answers.get(topicId);
  }

  /** The topic menu; with an `intro`, a variant that says why it is shown. */
  menu(intro?: string): OutboundMessage {
    return intro === undefined ? this.menuMessage : this.buildMenu(intro);
  }

  welcome(): OutboundMessage {
    return this.welcomeMessage;
  }

  /** Did-you-mean cards depend only on their topics, so each combination is built once. */
  private didYouMean(topicIds: readonly string[]): OutboundMessage {
    const key = topicIds.join('|');
    let message = this.didYouMeanMessages.get(key);
    if (!message) {
      const candidates = topicIds.map((topicId) => ({
        topicId,
        title: this.guide.topic(topicId)?.shortTitle ?? topicId,
      }));
      message = {
        text: 'Did you mean one of these?',
        card: createDidYouMeanCard(didYouMeanCardData(candidates, this.support)),
      };
      this.didYouMeanMessages.set(key, message);
    }
    return message;
  }

  private buildMenu(intro?: string): OutboundMessage {
    return {
      text: 'Microsoft 365 setup topics',
      card: createMenuCard(menuCardData(this.guide, this.support, intro)),
    };
  }

  private messagesFor(intent: Intent): OutboundMessage[] {
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
        return [this.didYouMean(intent.candidates.map((candidate) => candidate.topicId))];
      case 'topic':
        return [this.answers.get(intent.safety ? REAUTH_TOPIC_ID : intent.topicId) as OutboundMessage];
    }
  }
}
