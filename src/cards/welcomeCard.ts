import type { Guide } from '../guide/types';
import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, type AdaptiveCard } from './adaptiveCard';
import template from './templates/welcome.json';

export interface WelcomeCardData {
  readonly orgName: string;
  readonly journey: readonly { number: number; title: string }[];
  readonly reminder: string;
  readonly firstTopicId: string;
  readonly firstTitle: string;
  readonly verb: string;
  readonly menuVerb: string;
}

export function welcomeCardData(guide: Guide, orgName: string): WelcomeCardData {
  // The journey is the setup checklist's stages; without checklists, the menu topics without a warning.
  const stages = guide.checklist('setup')?.stages ?? [];
  const journey =
    stages.length > 0
      ? stages.map((stage) => guide.topic(stage.topicId)).filter((topic) => topic !== undefined)
      : guide.topics.filter((topic) => topic.inMenu && !topic.warning && topic.id !== 'support');
  const first = journey[0] ?? guide.topics[0];
  return {
    orgName,
    journey: journey.map((topic, index) => ({ number: index + 1, title: topic.title })),
    reminder:
      '**A sign-in prompt later on is normal:** approve it in your authenticator if you just signed in; if you did not, deny it and contact IT. Never reset your password because of it.',
    firstTopicId: first.id,
    firstTitle: `Start: ${first.shortTitle}`,
    verb: ACTION_VERBS.showTopic,
    menuVerb: ACTION_VERBS.showMenu,
  };
}

/** Sent once per conversation when the app is installed. */
export function createWelcomeCard(data: WelcomeCardData): AdaptiveCard {
  return expandTemplate(template, data);
}
