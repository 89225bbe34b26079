import type { Assistant } from '../assistant/assistant';
import type { OrganisationSettings } from '../config';
import type { GuideStep, GuideTopic } from '../guide/types';
import type { GuideResponse, StepContent, TopicContent, WarningContent, WarningKind } from './contract';
import { topicChoicesOf } from './topicChoices';

/** A guide step as the tab shows it. */
export function stepContent(step: GuideStep): StepContent {
  return {
    id: step.id,
    text: step.text,
    details: [...step.details],
    ...(step.section !== undefined ? { section: step.section } : {}),
    ...(step.note !== undefined ? { note: step.note } : {}),
    variants: step.variants.map((variant) => ({
      id: variant.id,
      label: variant.label,
      steps: [...variant.steps],
    })),
  };
}

/**
 * The guide's topics as the tab shows them: the loaded guide (placeholders filled) with the chat
 * answers' related buttons and warning banners.
 */
export class GuideContent {
  private readonly topics = new Map<string, TopicContent>();

  constructor(
    private readonly assistant: Assistant,
    private readonly organisation: OrganisationSettings,
  ) {
    for (const topic of assistant.guide.topics) this.topics.set(topic.id, this.build(topic));
  }

  warning(kind: WarningKind): WarningContent {
    const warning = this.assistant.guide.warnings[kind];
    return { kind, title: warning.title, lines: [...warning.lines] };
  }

  /** One topic; `withoutWarning` drops its banner (the reset answer once the authenticator is set up). */
  topic(topicId: string, options: { withoutWarning?: boolean } = {}): TopicContent | undefined {
    const content = this.topics.get(topicId);
    if (!content || !options.withoutWarning || !content.warning) return content;
    return { ...content, warning: undefined };
  }

  /** `GET /api/tab/guide`. */
  guide(): GuideResponse {
    return {
      orgName: this.organisation.orgName,
      support: { ...this.assistant.supportContact },
      topics: this.assistant.guide.topics.map((topic) => this.topics.get(topic.id) as TopicContent),
    };
  }

  private build(topic: GuideTopic): TopicContent {
    return {
      id: topic.id,
      title: topic.title,
      shortTitle: topic.shortTitle,
      summary: topic.summary,
      inMenu: topic.inMenu,
      ...(topic.warning ? { warning: this.warning(topic.warning) } : {}),
      steps: topic.steps.map(stepContent),
      notes: [...topic.notes],
      links: topic.links.map((link) => ({ title: link.title, url: link.url })),
      related: topicChoicesOf(this.assistant.topicAnswer(topic.id)?.card),
    };
  }
}
