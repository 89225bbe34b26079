import type { Logger } from 'pino';
import { Assistant } from '../assistant/assistant';
import { ConversationMemory } from '../assistant/conversationMemory';
import { OnboardingConversation, type ReminderPreferences } from '../assistant/onboardingConversation';
import { MessageRate } from '../bot/messageRate';
import { OnboardingBot } from '../bot/onboardingBot';
import type { Clock } from '../clock';
import type { AppConfig } from '../config';
import type { Guide } from '../guide/types';
import type { ConversationReferences } from '../state/conversationReferences';
import type { Store } from '../state/store';
import type { Broadcasts } from './broadcasts';
import type { Checklists } from './checklists';
import type { Escalations } from './escalation';
import { createFeedback, type Feedback } from './feedback';

export interface ConversationDependencies {
  readonly config: AppConfig;
  readonly guide: Guide;
  readonly store: Store;
  readonly conversations: ConversationReferences;
  readonly checklists: Checklists;
  readonly broadcasts: Broadcasts;
  readonly reminders: ReminderPreferences;
  /** "Ask IT" (the button, IT's channel card) and the message history it shows IT. */
  readonly escalations?: Escalations;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** What staff and IT talk to: understanding, answers, follow-ups and the Teams bot around them. */
export interface Conversation {
  readonly assistant: Assistant;
  /** What each person last asked about, shared by every instance ("and on my phone?"). */
  readonly memory: ConversationMemory;
  readonly bot: OnboardingBot;
  /** Each person's question allowance, shared by the chat and the tab's question box. */
  readonly messageRate: MessageRate;
  /** "Was this helpful?", the unanswered-questions report and the examples IT adds from it. */
  readonly feedback: Feedback;
}

export function createConversation(deps: ConversationDependencies): Conversation {
  const { config, guide, store, conversations, checklists, broadcasts, reminders, logger, clock } = deps;
  // Trains the understanding model on the guide and the training corpus (well under two seconds).
  const assistant = new Assistant(guide, config.organisation);
  const memory = new ConversationMemory(store, clock);
  const messageRate = new MessageRate(config.messageRate);
  const onboarding = new OnboardingConversation(
    assistant,
    checklists.service,
    reminders,
    memory,
    deps.escalations?.offers,
  );
  const feedback = createFeedback({
    guide,
    store,
    assistant,
    audit: broadcasts.audit,
    logger,
    clock,
    retention: deps.escalations?.retention,
  });
  onboarding.useFeedback(feedback.answers, feedback.unanswered);
  broadcasts.admin.useReport(feedback.chat);
  const bot = new OnboardingBot(
    assistant,
    onboarding,
    conversations,
    logger,
    messageRate,
    { conversation: broadcasts.admin, broadcasts: broadcasts.service },
    deps.escalations?.desk,
  );
  return { assistant, memory, bot, messageRate, feedback };
}
