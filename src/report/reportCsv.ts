import type { UnansweredReport } from './unansweredReport';

/** One row per question group, then one per topic's helpfulness: a spreadsheet of the report. */
export const REPORT_CSV_COLUMNS = [
  'section',
  'count',
  'examples',
  'topic',
  'outOfScope',
  'clarify',
  'notHelpful',
  'helpful',
  'helpfulPercent',
] as const;

export function reportRows(report: UnansweredReport): Record<string, unknown>[] {
  return [
    ...report.groups.map((group) => ({
      section: 'question group',
      count: group.count,
      examples: group.examples.join(' | '),
      topic: group.guessedTopicId ?? '',
      outOfScope: group.outcomes.outOfScope,
      clarify: group.outcomes.clarify,
      notHelpful: group.outcomes.notHelpful,
    })),
    ...report.helpfulness.map((topic) => ({
      section: 'helpfulness',
      count: topic.helpful + topic.notHelpful,
      topic: topic.topicId,
      notHelpful: topic.notHelpful,
      helpful: topic.helpful,
      helpfulPercent: topic.helpfulPercent ?? '',
    })),
  ];
}
