import { ESCALATION_VERBS } from '../escalation/escalationVerbs';
import { expandTemplate, type AdaptiveCard } from './adaptiveCard';
import askItTemplate from './templates/askIt.json';
import emailItTemplate from './templates/emailIt.json';
import escalationTemplate from './templates/escalation.json';
import listTemplate from './templates/escalationList.json';
import noticeTemplate from './templates/escalationNotice.json';

/** What IT sees of one question in the escalation channel. */
export interface EscalationCardData {
  readonly id: string;
  readonly personName: string;
  readonly question: string;
  readonly statusLine: string;
  /** Why a press changed nothing, for whoever pressed ("Already taken by …"). */
  readonly notice?: string;
  /** Open and taken by nobody yet. */
  readonly canTake: boolean;
  /** Not resolved: Reply and Resolved are shown. */
  readonly open: boolean;
  readonly recentMessages: readonly string[];
  readonly facts: readonly { readonly title: string; readonly value: string }[];
  readonly replies: readonly string[];
}

/** Text from people goes on a card as it is, but never as an HTML tag the renderer would drop. */
function plain(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}

/** The card posted to the IT channel, updated in place as IT takes, answers and resolves it. */
export function createEscalationCard(data: EscalationCardData): AdaptiveCard {
  return expandTemplate(escalationTemplate, {
    ...data,
    heading: `Ask IT: ${plain(data.personName)}`,
    hasNotice: data.notice !== undefined,
    notice: data.notice ?? '',
    question: plain(data.question) || '(no question text)',
    personName: plain(data.personName),
    statusColor: data.open ? (data.canTake ? 'Attention' : 'Accent') : 'Good',
    hasRecent: data.recentMessages.length > 0,
    recentText: data.recentMessages.map((message) => `- ${plain(message)}`).join('\n'),
    hasFacts: data.facts.length > 0,
    facts: data.facts.map((fact) => ({ title: fact.title, value: plain(fact.value) })),
    hasReplies: data.replies.length > 0,
    repliesText: data.replies.map((reply) => `- ${plain(reply)}`).join('\n'),
    verbs: ESCALATION_VERBS,
  });
}

/** "Want a person from IT to look at this?" with the Ask IT button, carrying the question. */
export function createAskItCard(text: string, question: string): AdaptiveCard {
  return expandTemplate(askItTemplate, { text, question, verb: ESCALATION_VERBS.ask });
}

/** Without an IT channel: the support address as a pre-filled e-mail. */
export function createEmailItCard(heading: string, text: string, url: string): AdaptiveCard {
  return expandTemplate(emailItTemplate, { heading, text, url });
}

/** A heading and a line: "passed to IT", "out of date", "already taken". */
export function createEscalationNoticeCard(heading: string, text: string): AdaptiveCard {
  return expandTemplate(noticeTemplate, { heading, text });
}

/** The admins' `escalations` list. */
export function createEscalationListCard(
  heading: string,
  items: readonly { readonly title: string; readonly detail: string }[],
): AdaptiveCard {
  return expandTemplate(listTemplate, {
    heading,
    empty: items.length === 0,
    items: items.map((item) => ({ title: plain(item.title), detail: plain(item.detail) })),
  });
}
