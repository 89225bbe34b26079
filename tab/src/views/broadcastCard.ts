import type {
  AudienceRequest,
  BroadcastDetailResponse,
  BroadcastSummary,
  RecipientContent,
} from '../../../src/tab/contract';
import { button, el, heading, type Child } from '../dom';

export interface BroadcastCardActions {
  togglePeople(id: string): void;
  download(summary: BroadcastSummary): void;
  remind(summary: BroadcastSummary, notDone: number): void;
}

const STATE_LABEL: Record<BroadcastSummary['state'], string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  completed: 'Sent',
  cancelled: 'Cancelled',
  recalled: 'Recalled',
};

export function audienceText(audience: AudienceRequest): string {
  switch (audience.kind) {
    case 'all':
      return 'Everyone';
    case 'team':
      return 'A team';
    case 'channels':
      return audience.ids.length === 1
        ? 'A channel or group chat'
        : `${audience.ids.length} channels or group chats`;
    case 'users':
      return audience.ids.length === 1 ? '1 person' : `${audience.ids.length} people`;
    case 'group':
      return `Group ${audience.name ?? audience.groupId}`;
  }
}

/** A finished broadcast that got no copy to anyone: shown as a warning, never as a plain success. */
export function reachedNobody(summary: Pick<BroadcastSummary, 'state' | 'sent' | 'deleted'>): boolean {
  return summary.state === 'completed' && summary.sent + summary.deleted === 0;
}

/** People who have not finished the broadcast's checklist (the reminder's audience). */
export function notDoneCount(summary: BroadcastSummary): number {
  return (summary.inProgress ?? 0) + (summary.notStarted ?? 0);
}

function count(label: string, value: number | undefined, tone = ''): Child {
  if (value === undefined) return null;
  return el('div', { className: `count ${tone}` }, [el('dt', {}, [label]), el('dd', {}, [String(value)])]);
}

const DELIVERY_GROUPS: readonly [keyof BroadcastDetailResponse['byDelivery'], string][] = [
  ['sent', 'Sent'],
  ['failed', 'Failed'],
  ['unreachable', 'Not reachable'],
  ['pending', 'Queued'],
  ['cancelled', 'Cancelled'],
  ['deleted', 'Recalled'],
];
const PROGRESS_GROUPS: readonly [keyof NonNullable<BroadcastDetailResponse['byProgress']>, string][] = [
  ['notStarted', 'Not started'],
  ['inProgress', 'In progress'],
  ['done', 'Done'],
];

function group(label: string, people: readonly RecipientContent[]): Child {
  if (people.length === 0) return null;
  return el('details', { className: 'people-group' }, [
    el('summary', {}, [`${label} (${people.length})`]),
    el(
      'ul',
      { className: 'people-list' },
      people.map((person) =>
        el('li', {}, [
          person.label,
          person.error ? el('span', { className: 'muted' }, [` — ${person.error}`]) : null,
        ]),
      ),
    ),
  ]);
}

/** Who is in which state: by progress (checklists) and by delivery. */
export function renderPeople(detail: BroadcastDetailResponse): HTMLElement {
  const byProgress = detail.byProgress;
  return el('div', { className: 'people' }, [
    byProgress ? heading(4, 'By progress') : null,
    ...(byProgress ? PROGRESS_GROUPS.map(([key, label]) => group(label, byProgress[key])) : []),
    heading(4, 'By delivery'),
    ...DELIVERY_GROUPS.map(([key, label]) => group(label, detail.byDelivery[key])),
  ]);
}

/** One broadcast with its live counts and its actions. */
export function renderBroadcastCard(
  summary: BroadcastSummary,
  formatTime: (iso: string) => string,
  actions: BroadcastCardActions,
  people: HTMLElement | undefined,
): HTMLElement {
  const isChecklist = summary.content.kind !== 'notice';
  const notDone = notDoneCount(summary);
  const peopleId = `people-${summary.id}`;
  const when =
    summary.state === 'scheduled'
      ? `Scheduled for ${formatTime(summary.sendAt)}`
      : `Sent ${formatTime(summary.sendAt)}`;
  return el(
    'article',
    {
      className: 'broadcast',
      attrs: { 'data-broadcast-id': summary.id, 'aria-labelledby': `title-${summary.id}` },
    },
    [
      el('div', { className: 'broadcast__head' }, [
        heading(3, summary.title, { attrs: { id: `title-${summary.id}` } }),
        reachedNobody(summary)
          ? el('span', { className: 'badge badge--nobody' }, ['Reached nobody'])
          : el('span', { className: `badge badge--${summary.state}` }, [STATE_LABEL[summary.state]]),
      ]),
      el('p', { className: 'muted broadcast__meta' }, [
        `${summary.content.kind === 'reminder' ? 'Reminder' : isChecklist ? 'Checklist' : 'Notice'} · ${audienceText(summary.audience)} · ${when}`,
      ]),
      summary.pausedReason ? el('p', { className: 'error' }, [`Paused: ${summary.pausedReason}`]) : null,
      summary.note ? el('p', { className: 'warning', attrs: { role: 'note' } }, [summary.note]) : null,
      el('dl', { className: 'counts', attrs: { 'aria-label': 'Delivery' } }, [
        count('Sent', summary.sent),
        count('Failed', summary.failed, summary.failed > 0 ? 'count--bad' : ''),
        count('Not reachable', summary.unreachable),
        count('Queued', summary.pending),
      ]),
      isChecklist
        ? el('dl', { className: 'counts', attrs: { 'aria-label': 'Progress' } }, [
            count('Done', summary.done, 'count--good'),
            count('In progress', summary.inProgress),
            count('Not started', summary.notStarted),
          ])
        : null,
      el('div', { className: 'button-row' }, [
        button(people ? 'Hide people' : 'Show people', () => actions.togglePeople(summary.id), {
          className: 'secondary',
          attrs: {
            'aria-expanded': String(people !== undefined),
            'aria-controls': peopleId,
            'data-action': 'people',
          },
        }),
        button('Download list (CSV)', () => actions.download(summary), {
          className: 'secondary',
          attrs: { 'data-action': 'csv' },
        }),
        isChecklist && notDone > 0
          ? button('Remind those not done', () => actions.remind(summary, notDone), {
              className: 'secondary',
              attrs: { 'data-action': 'remind' },
            })
          : null,
      ]),
      el('div', { attrs: { id: peopleId } }, [people ?? null]),
    ],
  );
}
