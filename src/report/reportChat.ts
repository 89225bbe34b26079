import { z } from 'zod';
import type { OutboundMessage } from '../assistant/assistant';
import type { ActionOutcome } from '../assistant/onboardingConversation';
import type { AuditLog } from '../broadcast/auditLog';
import { createNoticeCard } from '../cards/noticeCard';
import { createUnansweredReportCard, type TopicChoice } from '../cards/unansweredReportCard';
import type { Guide } from '../guide/types';
import { OUT_OF_SCOPE_TOPIC } from '../understanding/trainingData';
import { ExampleProblem, type AddedExamples } from './addedExamples';
import { REPORT_VERB_SET, REPORT_VERBS } from './reportVerbs';
import type { UnansweredReportBuilder } from './unansweredReport';

const MAX_TEXTS = 5;
const addExampleData = z.looseObject({
  texts: z.array(z.string().min(1).max(4000)).min(1).max(MAX_TEXTS),
  topicInput: z.string().regex(/^topic\d{1,2}$/),
});

/** Who asks, as the admin check and the audit log know them. */
export interface ReportActor {
  /** Entra object id, else Teams id. */
  readonly id: string;
  readonly isAdmin: boolean;
}

/**
 * The unanswered-questions report in chat: `report` shows the card; "Add as an example" teaches the
 * bot a group's wordings for the topic picked. Admins only; anyone else is refused and audited.
 */
export class ReportChat {
  private readonly topics: readonly TopicChoice[];

  constructor(
    private readonly builder: UnansweredReportBuilder,
    private readonly examples: AddedExamples,
    private readonly audit: AuditLog,
    guide: Guide,
  ) {
    this.topics = [
      ...guide.topics.map((topic) => ({ topicId: topic.id, title: topic.shortTitle })),
      { topicId: OUT_OF_SCOPE_TOPIC, title: builder.titleOf(OUT_OF_SCOPE_TOPIC) },
    ];
  }

  handles(verb: string | undefined): boolean {
    return verb !== undefined && REPORT_VERB_SET.has(verb);
  }

  async onCommand(actor: ReportActor): Promise<OutboundMessage[]> {
    if (!actor.isAdmin) return [await this.refuse(actor, 'report')];
    return [
      {
        text: 'Unanswered questions',
        card: createUnansweredReportCard(await this.builder.build(), this.topics),
      },
    ];
  }

  async onAction(verb: string, data: unknown, actor: ReportActor): Promise<ActionOutcome> {
    if (!actor.isAdmin) {
      const refusal = await this.refuse(actor, verb);
      return { card: refusal.card, messages: [] };
    }
    if (verb === REPORT_VERBS.addExample) return { card: await this.addExamples(data, actor), messages: [] };
    return { card: createUnansweredReportCard(await this.builder.build(), this.topics), messages: [] };
  }

  private async addExamples(data: unknown, actor: ReportActor) {
    const parsed = addExampleData.safeParse(data);
    const topicId = parsed.success ? (data as Record<string, unknown>)[parsed.data.topicInput] : undefined;
    if (!parsed.success || typeof topicId !== 'string') {
      return this.reportCard(
        'That button is out of date: nothing was added. Here is the report as it is now.',
      );
    }
    try {
      for (const text of parsed.data.texts) await this.examples.add(text, topicId, actor.id);
    } catch (error) {
      if (error instanceof ExampleProblem) return this.reportCard(`Nothing more was added: ${error.message}`);
      throw error;
    }
    await this.audit.record({
      actor: actor.id,
      action: 'report.example-added',
      detail: { via: 'chat', topicId, texts: parsed.data.texts },
    });
    const title = this.builder.titleOf(topicId);
    const count = parsed.data.texts.length;
    return this.reportCard(
      `Added ${count === 1 ? 'the wording' : `${count} wordings`} as ${count === 1 ? 'an example' : 'examples'} of “${title}”. ` +
        'The bot has relearnt: the next person who asks like that gets that answer.',
    );
  }

  private async reportCard(notice: string) {
    return createUnansweredReportCard(await this.builder.build(), this.topics, notice);
  }

  private async refuse(actor: ReportActor, attempted: string) {
    await this.audit.record({
      actor: actor.id,
      action: 'report.refused',
      detail: { via: 'chat', attempted, reason: 'not an admin' },
    });
    return {
      text: 'Only IT admins can see the unanswered-questions report',
      card: createNoticeCard({
        heading: 'Only IT admins can see this report',
        text: 'The unanswered-questions report is for IT admins. Ask me anything about the Microsoft 365 setup instead.',
        buttons: [],
      }),
    };
  }
}
