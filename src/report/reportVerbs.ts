/** Verbs of the unanswered-questions report card (admins only). */
export const REPORT_VERBS = {
  addExample: 'report.addExample',
  refresh: 'report.refresh',
} as const;

export const REPORT_VERB_SET: ReadonlySet<string> = new Set(Object.values(REPORT_VERBS));
