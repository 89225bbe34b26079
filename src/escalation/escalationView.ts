import { createEscalationCard, type EscalationCardData } from '../cards/escalationCards';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import type { Escalation } from './escalationRecord';

/** "26 Nov, 09:15" in the organisation's time zone: the channel is shared, so one zone for all. */
export function shortTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Where the question stands, in one line. */
export function statusLineOf(escalation: Escalation, timeZone: string): string {
  const { resolvedBy, takenBy } = escalation;
  if (resolvedBy) return `Resolved by ${resolvedBy.name} at ${shortTime(resolvedBy.at, timeZone)}`;
  if (takenBy) return `Taken by ${takenBy.name} at ${shortTime(takenBy.at, timeZone)}`;
  return `Waiting for someone in IT (asked ${shortTime(escalation.createdAt, timeZone)})`;
}

export function escalationCardData(
  escalation: Escalation,
  timeZone: string,
  notice?: string,
): EscalationCardData {
  const facts = [
    ...(escalation.progress ? [{ title: 'Setup checklist', value: escalation.progress }] : []),
    ...(escalation.nextStep ? [{ title: 'Next step', value: escalation.nextStep }] : []),
    ...(escalation.authenticator ? [{ title: 'Authenticator', value: escalation.authenticator }] : []),
    ...(escalation.device ? [{ title: 'Device', value: escalation.device }] : []),
  ];
  const open = escalation.status === 'open';
  return {
    id: escalation.id,
    personName: escalation.person.name,
    question: escalation.question,
    statusLine: statusLineOf(escalation, timeZone),
    notice,
    canTake: open && !escalation.takenBy,
    open,
    recentMessages: escalation.recentMessages,
    facts,
    replies: escalation.replies.map(
      (reply) => `${reply.name} (${shortTime(reply.at, timeZone)}): ${reply.text}`,
    ),
  };
}

/** The channel card; `notice` tells whoever pressed why nothing changed ("Already taken by …"). */
export function escalationCard(escalation: Escalation, timeZone: string, notice?: string): AdaptiveCard {
  return createEscalationCard(escalationCardData(escalation, timeZone, notice));
}
