import type { OrganisationSettings } from '../config';
import type { Guide, GuideTopic } from '../guide/types';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import { answerCardData, createAnswerCard, type SupportContact } from '../cards/answerCard';
import { createMenuCard, menuCardData } from '../cards/menuCard';
import type { NextStepCardData } from '../cards/nextStepCard';
import { createQuestionCard, questionCardData, type QuestionButton } from '../cards/questionCard';
import {
  createReauthWarningCard,
  createUnrequestedPromptCard,
  REAUTH_TOPIC_ID,
  UNREQUESTED_TOPIC_ID,
} from '../cards/reauthWarningCard';
import { createWelcomeCard, welcomeCardData } from '../cards/welcomeCard';
import type { FollowUp } from '../understanding/followUps';
import { mfaFirstAnswer } from './mfaFirstAnswer';
import type { LabelledMessage } from '../understanding/trainingData';
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

/** What the bot knows beyond the message itself. */
export interface ReplyContext {
  /** The topic last answered in this conversation, for follow-ups ("and on my phone?"). */
  readonly lastTopicId?: string;
  /** The person's authenticator is set up, so a reset answer needs no "set it up first". */
  readonly authenticatorReady?: boolean;
  /**
   * Entra ID says the person has not registered MFA: a password reset is "not now", with their next
   * checklist step instead (undefined when none is left).
   */
  readonly mfaNotRegistered?: { readonly nextStep?: NextStepCardData };
}

export interface AssistantReply {
  readonly intent: Intent;
  readonly messages: readonly OutboundMessage[];
  /** The topic this reply answered, remembered for the next follow-up. */
  readonly answeredTopicId?: string;
}

const PASSWORD_RESET_TOPIC = 'sspr';
const PHONE_TOPIC = 'phone_setup';
const OUTLOOK_TOPIC = 'outlook_reconfigure';
/** When something did not work, the one other place worth trying. */
const ALTERNATIVES: Readonly<Record<string, string>> = {
  outlook_reconfigure: 'outlook_web',
  phone_setup: 'outlook_web',
  mfa_enroll: 'new_or_lost_phone',
  portal_login: PASSWORD_RESET_TOPIC,
};
/** What people most often mean by "it", offered when they do not say. */
const USUAL_SUSPECTS = ['outlook_reconfigure', 'mfa_enroll', 'portal_login'];

/**
 * Decides what the bot says. Pure core: text in, messages and cards out, no Teams types, so the
 * same answers can be served through any channel SDK.
 */
export class Assistant {
  private currentUnderstanding: Understanding;
  /** The corpus the bot started with; IT's added examples are learnt on top of it. */
  private readonly baseTraining: readonly LabelledMessage[];
  private readonly support: SupportContact;
  /** Cards that depend only on the guide and the settings, built once: templating is the costly part of a turn. */
  private readonly answers = new Map<string, OutboundMessage>();
  /** The reset answer for someone whose authenticator is set up: no "set it up first" banner. */
  private readonly resetWhenReady?: OutboundMessage;
  private readonly menuMessage: OutboundMessage;
  private readonly welcomeMessage: OutboundMessage;
  private readonly questions = new Map<string, OutboundMessage>();

  constructor(
    readonly guide: Guide,
    organisation: OrganisationSettings,
  ) {
    this.currentUnderstanding = new Understanding(guide);
    this.baseTraining = this.currentUnderstanding.trainingMessages;
    this.support = { name: organisation.supportName, email: organisation.supportEmail };
    for (const topic of guide.topics) this.answers.set(topic.id, this.answerOf(topic));
    const reset = guide.topic(PASSWORD_RESET_TOPIC);
    if (reset) {
      const data = answerCardData({ ...reset, warning: undefined }, guide, this.support);
      this.resetWhenReady = {
        text: reset.title,
        card: createAnswerCard(data),
      };
    }
    this.menuMessage = this.buildMenu();
    this.welcomeMessage = {
      text: `Welcome to Microsoft 365 at ${organisation.orgName}`,
      card: createWelcomeCard(welcomeCardData(guide, organisation.orgName)),
    };
  }

  /** The understanding in use: replaced, never changed, when the bot learns IT's added examples. */
  get understanding(): Understanding {
    return this.currentUnderstanding;
  }

  /**
   * Retrains on the training corpus plus `added` (examples IT added at run time, see src/report/):
   * the next message is understood by the new model. Training takes about a second.
   */
  learn(added: readonly LabelledMessage[]): void {
    this.currentUnderstanding = new Understanding(this.guide, [...this.baseTraining, ...added]);
  }

  /** Who people are sent to for help. */
  get supportContact(): SupportContact {
    return this.support;
  }

  /** The reply to a chat message; `context` adds what came before and what is known of the person. */
  replyTo(text: string, context: ReplyContext = {}): AssistantReply {
    return this.replyToIntent(this.understanding.understand(text), context);
  }

  /** The reply to a message already understood. */
  replyToIntent(intent: Intent, context: ReplyContext = {}): AssistantReply {
    if (intent.kind === 'followUp')
      return { intent, ...this.followUp(intent.followUp, intent.promptMentioned, context) };
    const answeredTopicId = intent.kind === 'topic' ? intent.topicId : undefined;
    return { intent, messages: this.messagesFor(intent, context), answeredTopicId };
  }

  /** The answer card of one topic, as a topic button shows it; undefined for an unknown id. */
  topicAnswer(topicId: string, context: ReplyContext = {}): OutboundMessage | undefined {
    if (topicId === PASSWORD_RESET_TOPIC && context.mfaNotRegistered) {
      return mfaFirstAnswer(context.mfaNotRegistered.nextStep, this.support);
    }
    if (topicId === PASSWORD_RESET_TOPIC && context.authenticatorReady && this.resetWhenReady) {
      return this.resetWhenReady;
    }
    return this.answers.get(topicId);
  }

  /** The topic menu; with an `intro`, a variant that says why it is shown. */
  menu(intro?: string): OutboundMessage {
    return intro === undefined ? this.menuMessage : this.buildMenu(intro);
  }

  welcome(): OutboundMessage {
    return this.welcomeMessage;
  }

  private answerOf(topic: GuideTopic): OutboundMessage {
    if (topic.id === REAUTH_TOPIC_ID) {
      return {
        text: this.guide.warnings.reauth.title,
        card: createReauthWarningCard(this.guide, this.support),
      };
    }
    if (topic.id === UNREQUESTED_TOPIC_ID) {
      return {
        text: this.guide.warnings.unrequested.title,
        card: createUnrequestedPromptCard(this.guide, this.support),
      };
    }
    return { text: topic.title, card: createAnswerCard(answerCardData(topic, this.guide, this.support)) };
  }

  private button(topicId: string, title?: string): QuestionButton | undefined {
    const topic = this.guide.topic(topicId);
    return topic && { topicId, title: title ?? topic.shortTitle };
  }

  /** Question cards depend only on their wording and topics, so each is built once. */
  private question(
    heading: string,
    text: string,
    topicIds: readonly (string | QuestionButton)[],
    withSupport: boolean,
  ): OutboundMessage {
    const buttons = topicIds
      .map((entry) => (typeof entry === 'string' ? this.button(entry) : entry))
      .filter((button): button is QuestionButton => button !== undefined);
    const key = JSON.stringify([heading, text, buttons, withSupport]);
    let message = this.questions.get(key);
    if (!message) {
      message = {
        text: heading,
        card: createQuestionCard(
          questionCardData(heading, text, buttons, withSupport ? this.support : undefined),
        ),
      };
      if (this.questions.size > 500) this.questions.clear();
      this.questions.set(key, message);
    }
    return message;
  }

  /** "What is 'it'?": the message names no app or step and nothing came before it. */
  private whatIsIt(): OutboundMessage {
    return this.question(
      'What is not working?',
      'Tell me which app or step in a few words, for example "Outlook on my laptop won\'t connect" or "the QR code won\'t scan", or pick one:',
      USUAL_SUSPECTS,
      false,
    );
  }

  private followUp(
    kind: FollowUp,
    promptMentioned: boolean,
    context: ReplyContext,
  ): Omit<AssistantReply, 'intent'> {
    const last =
      context.lastTopicId && this.guide.topic(context.lastTopicId) ? context.lastTopicId : undefined;
    const answer = (topicId: string) => ({
      messages: [this.topicAnswer(topicId, context) as OutboundMessage],
      answeredTopicId: topicId,
    });
    switch (kind) {
      case 'onPhone':
        return this.guide.topic(PHONE_TOPIC) ? answer(PHONE_TOPIC) : { messages: [this.whatIsIt()] };
      case 'onComputer':
        if (last === PHONE_TOPIC || last === 'outlook_web' || last === OUTLOOK_TOPIC)
          return answer(OUTLOOK_TOPIC);
        return { messages: [this.whatIsIt()] };
      case 'stillAsks':
        // Requests that keep coming after the prompt answer: treat them as not started by the person.
        if (last === REAUTH_TOPIC_ID || last === UNREQUESTED_TOPIC_ID) return answer(UNREQUESTED_TOPIC_ID);
        if (last === OUTLOOK_TOPIC) return this.didNotWork(last);
        // A prompt still asking after any other answer (a reset, say) gets the warning, never the reset again.
        if (promptMentioned && this.guide.topic(REAUTH_TOPIC_ID)) return answer(REAUTH_TOPIC_ID);
        return last ? this.didNotWork(last) : { messages: [this.whatIsIt()] };
      case 'didntWork':
      case 'vague':
        return last ? this.didNotWork(last) : { messages: [this.whatIsIt()] };
    }
  }

  /** The steps of `topicId` did not fix it: IT next, the steps again, and one alternative. */
  private didNotWork(topicId: string): Omit<AssistantReply, 'intent'> {
    const topic = this.guide.topic(topicId) as GuideTopic;
    if (topicId === UNREQUESTED_TOPIC_ID)
      return { messages: [this.answers.get(topicId) as OutboundMessage], answeredTopicId: topicId };
    const buttons: (string | QuestionButton)[] = [{ topicId, title: 'Show the steps again' }];
    const alternative = ALTERNATIVES[topicId];
    if (alternative && this.guide.topic(alternative)) buttons.push(alternative);
    return {
      messages: [
        this.question(
          `Sorry, "${topic.shortTitle}" did not sort it out`,
          `${this.support.name} can look at your account: e-mail ${this.support.email} and say which step you reached and what you see (a screenshot helps).`,
          buttons,
          true,
        ),
      ],
      answeredTopicId: topicId,
    };
  }

  private buildMenu(intro?: string): OutboundMessage {
    return {
      text: 'Microsoft 365 setup topics',
      card: createMenuCard(menuCardData(this.guide, this.support, intro)),
    };
  }

  private messagesFor(
    intent: Exclude<Intent, { kind: 'followUp' }>,
    context: ReplyContext,
  ): OutboundMessage[] {
    switch (intent.kind) {
      case 'empty':
        return [this.menu("I didn't catch a question there. Type it in your own words, or pick a topic.")];
      case 'tooLong':
        return [
          {
            text:
              `That message is ${intent.length} characters long; I read up to ${MAX_MESSAGE_LENGTH}. ` +
              'Please ask one short question, or tell me the problem in a few sentences, for example "Outlook won\'t connect" or "which authenticator app?".',
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
      case 'clarify': {
        const [first, second] = intent.candidates;
        const title = (topicId: string) => this.guide.topic(topicId)?.shortTitle ?? topicId;
        return [
          this.question(
            `Is this about "${title(first.topicId)}" or "${title(second.topicId)}"?`,
            '',
            [first.topicId, second.topicId],
            false,
          ),
        ];
      }
      case 'topic': {
        const answer = this.topicAnswer(intent.topicId, context) as OutboundMessage;
        if (intent.approvedUnstarted) {
          return [
            {
              ...answer,
              text: 'Contact IT now: you approved a request you did not start',
              lead:
                `You approved a request you did not start: contact ${this.support.name} now at ` +
                `${this.support.email} and tell them, so that they can secure your account.`,
            },
          ];
        }
        return [answer];
      }
    }
  }
}
