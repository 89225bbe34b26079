import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { Assistant } from '../../src/assistant/assistant';
import { ConversationMemory } from '../../src/assistant/conversationMemory';
import { OnboardingConversation } from '../../src/assistant/onboardingConversation';
import { MessageRate } from '../../src/bot/messageRate';
import { OnboardingBot } from '../../src/bot/onboardingBot';
import { ChecklistService } from '../../src/checklists/checklistService';
import { ProgressRepository } from '../../src/checklists/progressRepository';
import { loadConfig, type AppConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { ConversationReferences } from '../../src/state/conversationReferences';
import { MemoryStore } from '../../src/state/memoryStore';
import type { Store } from '../../src/state/store';
import { messageFrom } from './activities';

export interface TurnResult {
  readonly replies: Partial<Activity>[];
  readonly invokeResponse?: { status: number; body: Record<string, unknown> };
}

/** Runs activities through the real bot with an in-memory store and Bot Framework's TestAdapter. */
export class BotHarness {
  readonly store: Store;
  readonly conversations: ConversationReferences;
  readonly progress: ProgressRepository;
  readonly config: AppConfig;
  private readonly adapter: TestAdapter;
  private readonly bot: OnboardingBot;

  constructor(env: NodeJS.ProcessEnv = {}, store: Store = new MemoryStore()) {
    this.config = loadConfig(env);
    this.store = store;
    const guide = loadGuide(this.config.guideFile, this.config.organisation);
    this.conversations = new ConversationReferences(store);
    this.progress = new ProgressRepository(store);
    const assistant = new Assistant(guide, this.config.organisation);
    const conversation = new OnboardingConversation(
      assistant,
      new ChecklistService(guide, this.progress),
      undefined,
      new ConversationMemory(store),
    );
    this.bot = new OnboardingBot(
      assistant,
      conversation,
      this.conversations,
      pino({ level: 'silent' }),
      new MessageRate(this.config.messageRate),
    );
    this.adapter = new TestAdapter(async () => undefined);
  }

  async send(activity: Partial<Activity>): Promise<TurnResult> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.processActivity(activity, async (context) => this.bot.run(context));
    const sent = this.adapter.activeQueue.splice(0);
    const invoke = sent.find((reply) => reply.type === ActivityTypes.InvokeResponse);
    return {
      replies: sent.filter((reply) => reply.type !== ActivityTypes.InvokeResponse),
      invokeResponse: invoke?.value as TurnResult['invokeResponse'],
    };
  }

  /** Sends a chat message and returns the replies. */
  async say(text: string): Promise<Partial<Activity>[]> {
    return (await this.send(messageFrom(text))).replies;
  }
}
