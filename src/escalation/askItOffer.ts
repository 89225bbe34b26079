import type { OutboundMessage } from '../assistant/assistant';
import { createAskItCard } from '../cards/escalationCards';
import type { Intent } from '../understanding/understanding';
import { words } from '../understanding/textNormalizer';
import type { MessageHistory } from './messageHistory';

const SUPPORT_TOPIC = 'support';
/** A question on a button stays short: the card carries the recent messages anyway. */
const MAX_QUESTION_ON_BUTTON = 1000;
const OFFER_TEXT = "Would you like a person from IT to help? Press **Ask IT** and they'll answer you.";

/** "Ask IT", typed: the words on the resolved message ("type Ask IT if you still need help"). */
export function isAskItCommand(text: string): boolean {
  // words() reads "IT" as "itsupport" (the guide's synonyms); lower-case "it" stays a pronoun.
  return /^(?:please )?ask (?:it|itsupport|the (?:it|itsupport) team|it support|a person)(?: please)?$/.test(
    words(text).join(' '),
  );
}

/** The person's question, where a button carried none: their last message that is not "Ask IT". */
export function questionOf(recent: readonly string[]): string {
  return [...recent].reverse().find((message) => !isAskItCommand(message)) ?? '';
}

/**
 * Where the bot offers "Ask IT": asking for a person or IT ("I'm stuck", "talk to a person": the
 * support topic), and every answer that is not sure of itself (the clarifying question, "I can only
 * help with the setup", "what is not working?", "that did not sort it out"). It also keeps each
 * person's last messages, for IT to read when they ask.
 */
export class AskItOffers {
  constructor(private readonly history: MessageHistory) {}

  /** Keeps a message the person sent (written behind the turn). */
  record(conversationId: string, personKey: string, text: string): void {
    this.history.record(conversationId, personKey, text);
  }

  /** Whether this reply should come with the Ask IT button. */
  shouldOffer(intent: Intent, answeredTopicId: string | undefined): boolean {
    switch (intent.kind) {
      case 'clarify':
      case 'outOfScope':
        return true;
      case 'topic':
        return intent.topicId === SUPPORT_TOPIC;
      case 'followUp':
        return (
          answeredTopicId === undefined || intent.followUp === 'didntWork' || intent.followUp === 'vague'
        );
      default:
        return false;
    }
  }

  /** The Ask IT button, carrying the person's question. */
  offer(question: string): OutboundMessage {
    return {
      text: 'Ask IT',
      card: createAskItCard(OFFER_TEXT, question.trim().slice(0, MAX_QUESTION_ON_BUTTON)),
    };
  }
}
