import type { Guide } from '../guide/types';
import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, mailtoLink, type AdaptiveCard } from './adaptiveCard';
import type { SupportContact } from './answerCard';
import template from './templates/menu.json';

export interface MenuCardData {
  readonly heading: string;
  readonly intro: string;
  readonly topics: readonly { topicId: string; title: string; verb: string }[];
  readonly tip: string;
  readonly supportUrl: string;
}

export function menuCardData(guide: Guide, support: SupportContact, intro?: string): MenuCardData {
  return {
    heading: 'How can I help with Microsoft 365?',
    intro: intro ?? 'Pick a topic, or ask me in your own words.',
    topics: guide.topics
      .filter((topic) => topic.inMenu)
      .map((topic) => ({ topicId: topic.id, title: topic.shortTitle, verb: ACTION_VERBS.showTopic })),
    tip: 'A sign-in or approval prompt? Approve it if you just signed in; if you did not, deny it and contact IT. Never reset your password because of it.',
    supportUrl: mailtoLink(support.email, 'Microsoft 365 setup'),
  };
}

/** Topic menu: one button per guide topic, in the guide's order. */
export function createMenuCard(data: MenuCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
