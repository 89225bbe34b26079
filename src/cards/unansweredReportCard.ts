import type { UnansweredReport } from '../report/unansweredReport';
import { REPORT_VERBS } from '../report/reportVerbs';
import type { AdaptiveCard } from './adaptiveCard';

/** The card shows the largest groups; the API and its CSV have them all. */
export const MAX_GROUPS_ON_CARD = 5;
const MAX_SHOWN_LENGTH = 120;
/** Longer wordings are taught by their first this many characters (the card must stay small). */
const MAX_TAUGHT_LENGTH = 200;

export interface TopicChoice {
  readonly topicId: string;
  readonly title: string;
}

/** The input holding the topic picked for group `index`. */
export function topicInputOf(index: number): string {
  return `topic${index}`;
}

/** What people typed, shown as plain text: no links, emphasis or markup of theirs is rendered. */
function asPlainText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    .replace(/[*_`~#]/g, '');
}

function shorten(text: string): string {
  const flat = asPlainText(text);
  return flat.length > MAX_SHOWN_LENGTH ? `${flat.slice(0, MAX_SHOWN_LENGTH - 1)}…` : flat;
}

function outcomeLine(outcomes: UnansweredReport['groups'][number]['outcomes']): string {
  const parts = [
    outcomes.outOfScope ? `${outcomes.outOfScope} out of scope` : '',
    outcomes.clarify ? `${outcomes.clarify} unsure which topic` : '',
    outcomes.notHelpful ? `${outcomes.notHelpful} not helpful` : '',
  ];
  return parts.filter((part) => part !== '').join(', ');
}

function groupContainer(
  group: UnansweredReport['groups'][number],
  index: number,
  topics: readonly TopicChoice[],
): unknown {
  const input = topicInputOf(index);
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      {
        type: 'TextBlock',
        text: `**${group.count} ×** “${shorten(group.examples[0] ?? '')}”`,
        wrap: true,
      },
      ...group.examples.slice(1).map((example) => ({
        type: 'TextBlock',
        text: `also: “${shorten(example)}”`,
        wrap: true,
        isSubtle: true,
        spacing: 'None',
      })),
      {
        type: 'TextBlock',
        text: `The bot guessed: ${group.guessedTopicTitle ?? 'nothing'} (${outcomeLine(group.outcomes)})`,
        wrap: true,
        isSubtle: true,
        spacing: 'Small',
      },
      {
        type: 'Input.ChoiceSet',
        id: input,
        label: 'Right topic',
        style: 'compact',
        value: group.guessedTopicId ?? topics[0]?.topicId ?? '',
        choices: topics.map((topic) => ({ title: topic.title, value: topic.topicId })),
      },
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.Execute',
            title: 'Add as an example of this topic',
            verb: REPORT_VERBS.addExample,
            data: {
              texts: group.examples.map((text) => text.slice(0, MAX_TAUGHT_LENGTH)),
              topicInput: input,
            },
          },
        ],
      },
    ],
  };
}

/**
 * The unanswered-questions report for admins: the largest groups of similar questions, each with a
 * topic picker and "Add as an example", then each topic's helpfulness.
 */
export function createUnansweredReportCard(
  report: UnansweredReport,
  topics: readonly TopicChoice[],
  notice?: string,
): AdaptiveCard {
  const groups = report.groups.slice(0, MAX_GROUPS_ON_CARD);
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      ...(notice
        ? [{ type: 'Container', style: 'good', items: [{ type: 'TextBlock', text: notice, wrap: true }] }]
        : []),
      { type: 'TextBlock', text: 'Unanswered questions', size: 'Large', weight: 'Bolder', wrap: true },
      {
        type: 'TextBlock',
        text:
          report.questions === 0
            ? 'No unanswered questions recorded.'
            : `${report.questions} questions the bot could not answer or answered unhelpfully, in ${report.groups.length} groups of similar wording` +
              (report.groups.length > groups.length
                ? ` (the ${groups.length} largest shown; all in the admin API)`
                : ''),
        wrap: true,
        isSubtle: true,
      },
      ...groups.map((group, index) => groupContainer(group, index, topics)),
      { type: 'TextBlock', text: 'Helpfulness by topic', weight: 'Bolder', spacing: 'Large', wrap: true },
      report.helpfulness.length === 0
        ? { type: 'TextBlock', text: 'No feedback yet.', wrap: true, isSubtle: true }
        : {
            type: 'FactSet',
            facts: report.helpfulness.map((topic) => ({
              title: topic.title,
              value: `${topic.helpful} helpful, ${topic.notHelpful} not helpful (${topic.helpfulPercent ?? 0}% helpful)`,
            })),
          },
    ],
    actions: [{ type: 'Action.Execute', title: 'Refresh', verb: REPORT_VERBS.refresh, data: {} }],
  };
}
