import type { BroadcastDetailResponse, BroadcastSummary } from '../../../src/tab/contract';
import type { TabApi } from '../api';
import { button, el, heading, replaceChildren } from '../dom';
import { announce, guarded } from '../status';
import { renderBroadcastCard, renderPeople, type BroadcastCardActions } from './broadcastCard';
import { createComposer } from './composer';
import { confirmDialog } from './confirmDialog';
import { createMfaReportView } from './mfaReport';

export const ROLLOUT_REFRESH_MS = 15_000;

export interface RolloutView {
  readonly element: HTMLElement;
  /** Starts (or stops) the live refresh, for when the Rollout section is shown (or hidden). */
  setVisible(visible: boolean): void;
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = el('a', { attrs: { href: url, download: fileName } });
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Rollout (admins): recent broadcasts with live counts, who is where, reminders, and the composer. */
export function createRolloutView(api: TabApi, locale: string): RolloutView {
  const timeFormat = new Intl.DateTimeFormat(locale || undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const formatTime = (iso: string) => timeFormat.format(new Date(iso));
  const list = el('div', { className: 'broadcast-list', attrs: { 'aria-busy': 'true' } }, [
    el('p', { className: 'muted' }, ['Loading broadcasts…']),
  ]);
  const updated = el('p', { className: 'muted rollout__updated' });
  const openPeople = new Map<string, BroadcastDetailResponse>();
  let broadcasts: readonly BroadcastSummary[] = [];
  let timer: number | undefined;
  let visible = false;

  function draw(): void {
    replaceChildren(
      list,
      broadcasts.length === 0
        ? [el('p', {}, ['No broadcasts yet. Send one with the form below.'])]
        : broadcasts.map((summary) => {
            const detail = openPeople.get(summary.id);
            return renderBroadcastCard(
              summary,
              formatTime,
              actions,
              detail ? renderPeople(detail) : undefined,
            );
          }),
    );
  }

  async function refresh(): Promise<void> {
    broadcasts = (await api.broadcasts()).broadcasts;
    await Promise.all([...openPeople.keys()].map(async (id) => openPeople.set(id, await api.broadcast(id))));
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const focusedAction = {
      id: focused?.closest<HTMLElement>('[data-broadcast-id]')?.dataset.broadcastId,
      action: focused?.dataset.action,
    };
    draw();
    list.removeAttribute('aria-busy');
    updated.textContent = `Updated ${new Date().toLocaleTimeString(locale || undefined)}`;
    // A refresh replaces the cards; keep keyboard users on the button they were on.
    if (focusedAction.id && focusedAction.action) {
      list
        .querySelector<HTMLElement>(
          `[data-broadcast-id="${CSS.escape(focusedAction.id)}"] [data-action="${focusedAction.action}"]`,
        )
        ?.focus();
    }
  }

  const actions: BroadcastCardActions = {
    togglePeople(id) {
      guarded(async () => {
        if (openPeople.has(id)) openPeople.delete(id);
        else openPeople.set(id, await api.broadcast(id));
        draw();
        list
          .querySelector<HTMLElement>(`[data-broadcast-id="${CSS.escape(id)}"] [data-action="people"]`)
          ?.focus();
      }, 'The people could not be loaded.')();
    },
    download(summary) {
      guarded(async () => {
        saveBlob(await api.recipientsCsv(summary.id), `broadcast-${summary.id}-recipients.csv`);
        announce('The list is downloading.');
      }, 'The list could not be downloaded.')();
    },
    remind(summary, notDone) {
      guarded(async () => {
        const people = notDone === 1 ? '1 person' : `${notDone} people`;
        const yes = await confirmDialog(
          'Remind those not done?',
          `This sends ${people} who have not finished "${summary.title}" a reminder with their next step.`,
          `Remind ${people}`,
        );
        if (!yes) return;
        const result = await api.remind(summary.id);
        announce(
          result.id
            ? `Reminder queued for ${result.recipients} people.`
            : 'Everyone is done: no reminder needed.',
        );
        await refresh();
      }, 'The reminder could not be sent.')();
    },
  };

  function schedule(): void {
    window.clearInterval(timer);
    timer = undefined;
    if (visible && document.visibilityState === 'visible') {
      timer = window.setInterval(() => refresh().catch(() => undefined), ROLLOUT_REFRESH_MS);
    }
  }
  document.addEventListener('visibilitychange', () => {
    schedule();
    if (visible && document.visibilityState === 'visible') refresh().catch(() => undefined);
  });

  const composer = createComposer(api, () => refresh());
  const mfa = createMfaReportView(api, formatTime);
  const element = el('div', { className: 'rollout' }, [
    el('section', { className: 'panel', attrs: { 'aria-labelledby': 'broadcasts-title' } }, [
      el('div', { className: 'section-head' }, [
        heading(2, 'Recent broadcasts', { attrs: { id: 'broadcasts-title' } }),
        button(
          'Refresh',
          guarded(() => refresh(), 'Could not refresh.'),
          { className: 'secondary' },
        ),
      ]),
      updated,
      list,
    ]),
    mfa.element,
    composer,
  ]);

  return {
    element,
    setVisible(next) {
      visible = next;
      schedule();
      if (next) {
        refresh().catch((error: unknown) =>
          announce(`Could not load broadcasts. ${error instanceof Error ? error.message : ''}`),
        );
        mfa.refresh().catch(() => undefined);
      }
    },
  };
}
