import { ACTION_VERBS } from './actionVerbs';
import { expandTemplate, type AdaptiveCard } from './adaptiveCard';
import { withRefresh, type CardRefresh } from './checklistCard';
import template from './templates/sharedChecklist.json';

export interface SharedChecklistCardData {
  readonly title: string;
  readonly checklistId: string;
  readonly showVerb: string;
}

export function sharedChecklistCardData(title: string, checklistId: string): SharedChecklistCardData {
  return { title, checklistId, showVerb: ACTION_VERBS.checklistShow };
}

/**
 * The checklist as posted in a group chat or channel: the same card for everyone, whose `refresh`
 * turns it into each viewer's own progress.
 */
export function createSharedChecklistCard(data: SharedChecklistCardData, refresh: CardRefresh): AdaptiveCard {
  return withRefresh(expandTemplate(template, data), refresh);
}
