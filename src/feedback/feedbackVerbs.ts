/** Verbs of the "Was this helpful?" buttons under every answer card. */
export const FEEDBACK_VERBS = {
  rate: 'feedback.rate',
  detail: 'feedback.detail',
} as const;

/** "Ask IT": implemented by the escalation subsystem; the card only carries the person's question. */
export const ESCALATION_ASK_VERB = 'escalation.ask';

/** The id of the optional "What were you looking for?" box. */
export const FEEDBACK_DETAIL_INPUT = 'feedbackDetail';

export const FEEDBACK_VERB_SET: ReadonlySet<string> = new Set(Object.values(FEEDBACK_VERBS));
