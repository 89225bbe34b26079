import type { BroadcastStatus } from '../broadcast/broadcastService';
import type { StatusCardRenderer, StatusCardView } from '../broadcast/statusCards';
import { formatInZone } from '../broadcast/zonedTime';
import { ACTION_VERBS } from './actionVerbs';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './adaptiveCard';
import { createStatusCard } from './broadcastCards';
import { plural } from './plural';

const STATE_LINES: Record<BroadcastStatus['state'], [string, string]> = {
  scheduled: ['Scheduled', 'Accent'],
  sending: ['Sending…', 'Accent'],
  paused: ['Paused', 'Attention'],
  completed: ['Completed', 'Good'],
  cancelled: ['Cancelled', 'Warning'],
  recalled: ['Recalled', 'Warning'],
};

export function contentTitle(
  status: Pick<BroadcastStatus, 'content'>,
  checklistTitle: (id: string) => string,
): string {
  const content = status.content;
  if (content.kind === 'notice') return content.title;
  if (content.kind === 'reminder') return `Reminder: ${checklistTitle(content.checklistId)}`;
  return checklistTitle(content.checklistId);
}

export function audienceLine(status: Pick<BroadcastStatus, 'audience'>): string {
  const audience = status.audience;
  switch (audience.kind) {
    case 'all':
      return 'Everyone who has the app';
    case 'team':
      return `Members of team ${audience.teamId}`;
    case 'channels':
      return plural(audience.ids.length, 'channel or chat', 'channels or chats');
    case 'users':
      return plural(audience.ids.length, 'chosen person', 'chosen people');
    case 'group':
      return `Entra group ${audience.name ?? audience.groupId}`;
  }
}

/** A finished broadcast that got no copy to anyone: never shown as a plain success. */
export function reachedNobody(status: Pick<BroadcastStatus, 'state' | 'sent' | 'deleted'>): boolean {
  return status.state === 'completed' && status.sent + status.deleted === 0;
}

/** The status card of a broadcast, times in the admin's time zone. */
export function statusCardFor(
  status: BroadcastStatus,
  options: StatusCardView & { readonly checklistTitle: (id: string) => string },
): AdaptiveCard {
  const [stateText, stateColor] = reachedNobody(status)
    ? ['Completed: reached nobody', 'Warning']
    : STATE_LINES[status.state];
  // Two groups that must not be read as one: where the copies are, and how far people got.
  const deliveryFacts = [
    { title: 'Queued', value: String(status.pending) },
    { title: 'Sent', value: String(status.sent) },
    { title: 'Failed', value: String(status.failed) },
    { title: 'Unreachable (not in Teams yet)', value: String(status.unreachable) },
  ];
  if (status.cancelled) deliveryFacts.push({ title: 'Cancelled', value: String(status.cancelled) });
  if (status.deleted) deliveryFacts.push({ title: 'Recalled', value: String(status.deleted) });
  const tracksProgress = status.done !== undefined;
  const progressFacts = tracksProgress
    ? [
        { title: 'Done', value: String(status.done) },
        { title: 'In progress', value: String(status.inProgress) },
        { title: 'Not started', value: String(status.notStarted) },
      ]
    : [];
  const active = ['scheduled', 'sending', 'paused'].includes(status.state);
  return createStatusCard({
    id: status.id,
    title: `Broadcast: ${contentTitle(status, options.checklistTitle)}`,
    stateLine: `${stateText} · ${audienceLine(status)} · ${plural(status.total, 'recipient', 'recipients')}`,
    stateColor,
    hasPausedReason: status.pausedReason !== undefined || status.recallProblem !== undefined,
    pausedReason: [status.recallProblem, status.pausedReason].filter(Boolean).join(' '),
    hasNote: status.note !== undefined,
    note: status.note ?? '',
    deliveryFacts,
    hasProgress: tracksProgress,
    progressFacts,
    footer: `Send time ${formatInZone(new Date(status.sendAt), options.timezone)}. Updated ${formatInZone(options.now, options.timezone)}.`,
    showRemind:
      tracksProgress &&
      status.sent > 0 &&
      (status.inProgress ?? 0) + (status.notStarted ?? 0) > 0 &&
      status.state !== 'recalled',
    showCancel: active,
    showRecall: status.sent > 0 && status.state !== 'recalled',
    hasDownload: options.downloadUrl !== undefined,
    downloadUrl: options.downloadUrl ?? '',
    remindVerb: ACTION_VERBS.broadcastRemindAsk,
    cancelVerb: ACTION_VERBS.broadcastCancel,
    recallAskVerb: ACTION_VERBS.broadcastRecallAsk,
    statusVerb: ACTION_VERBS.broadcastStatus,
  });
}

/** The status cards `StatusCards` keeps current, as Adaptive Cards; checklists named by their title. */
export function broadcastStatusRenderer(
  checklistTitle: (id: string) => string,
): StatusCardRenderer<AdaptiveCard> {
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    render: (status, view) => statusCardFor(status, { ...view, checklistTitle }),
  };
}
