import { ACTION_VERBS } from '../cards/actionVerbs';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import type { TopicChoice } from './contract';

/**
 * The topic buttons of a chat card, in order. The tab offers exactly what the chat offers, so the
 * rules that live in the cards (a prompt warning never links to a password reset; at most four
 * related topics) hold in the tab without being written twice.
 */
export function topicChoicesOf(card: AdaptiveCard | undefined): TopicChoice[] {
  const choices: TopicChoice[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const entry = node as { verb?: unknown; title?: unknown; data?: { topicId?: unknown } };
    if (
      entry.verb === ACTION_VERBS.showTopic &&
      typeof entry.title === 'string' &&
      typeof entry.data?.topicId === 'string'
    ) {
      choices.push({ topicId: entry.data.topicId, label: entry.title });
      return;
    }
    Object.values(node).forEach(visit);
  };
  visit(card);
  return choices;
}
