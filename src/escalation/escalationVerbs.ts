/** Verbs of the "Ask IT" buttons: the person's Ask IT, and IT's buttons on the channel card. */
export const ESCALATION_VERBS = {
  ask: 'escalation.ask',
  take: 'escalation.take',
  reply: 'escalation.reply',
  resolve: 'escalation.resolve',
} as const;

export const ESCALATION_VERB_SET: ReadonlySet<string> = new Set(Object.values(ESCALATION_VERBS));
