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

export interface ConversationDependencies {
  readonly config: AppConfig;
  readonly guide: Guide;
  readonly store: Store;
  readonly conversations: ConversationReferences;
  readonly checklists: Checklists;
  readonly broadcasts: Broadcasts;
  readonly reminders: ReminderPreferences;
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
}

export function createConversation(deps: ConversationDependencies): Conversation {
  const { config, guide, store, conversations, checklists, broadcasts, reminders, logger, clock } = deps;
  // Trains the understanding model on the guide and the training corpus (well under two seconds).
  const assistant = new Assistant(guide, config.organisation);
  const memory = new ConversationMemory(store, clock);
  const messageRate = new MessageRate(config.messageRate);
  const bot = new OnboardingBot(
    assistant,
    new OnboardingConversation(assistant, checklists.service, reminders, memory),
    conversations,
    logger,
    messageRate,
    { conversation: broadcasts.admin, broadcasts: broadcasts.service },
  );
  return { assistant, memory, bot, messageRate };
}
