import type { MfaReportResponse } from '../../../src/tab/contract';
import type { TabApi } from '../api';
import { button, el, heading, replaceChildren } from '../dom';
import { announce, guarded } from '../status';
import { confirmDialog } from './confirmDialog';

/** Names listed on the page; the CSV has everyone. */
const LISTED = 50;

export interface MfaReportView {
  readonly element: HTMLElement;
  refresh(): Promise<void>;
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = el('a', { attrs: { href: url, download: fileName } });
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const people = (count: number) => (count === 1 ? '1 person' : `${count} people`);

/**
 * Rollout's "MFA registration" section: registered / not registered / unknown from Entra ID, who has
 * not registered, the CSV, "Refresh from Entra ID" and "Remind them" (after a confirmation with the count).
 */
export function createMfaReportView(api: TabApi, formatTime: (iso: string) => string): MfaReportView {
  const body = el('div', { className: 'mfa-report', attrs: { 'aria-live': 'polite' } }, [
    el('p', { className: 'muted' }, ['Loading MFA registration…']),
  ]);
  let report: MfaReportResponse | undefined;

  function draw(): void {
    if (!report) return;
    const current = report;
    const listed = current.unregistered.slice(0, LISTED);
    replaceChildren(body, [
      current.note ? el('p', { className: 'notice' }, [current.note]) : null,
      current.refreshedAt && current.status === 'ok'
        ? el('p', { className: 'muted' }, [
            `From Microsoft Entra ID, as of ${formatTime(current.refreshedAt)}`,
          ])
        : null,
      el('dl', { className: 'counts' }, [
        el('dt', {}, ['Registered']),
        el('dd', {}, [String(current.registered)]),
        el('dt', {}, ['Not registered']),
        el('dd', {}, [String(current.notRegistered)]),
        el('dt', {}, ['Unknown']),
        el('dd', {}, [String(current.unknown)]),
      ]),
      listed.length > 0
        ? el('ul', { className: 'people' }, [
            ...listed.map((person) =>
              el('li', {}, [
                person.name,
                person.userPrincipalName && person.userPrincipalName !== person.name
                  ? ` (${person.userPrincipalName})`
                  : '',
                person.inTeams ? '' : ' – not in Teams yet',
              ]),
            ),
            ...(current.unregistered.length > listed.length
              ? [
                  el('li', { className: 'muted' }, [
                    `and ${current.unregistered.length - listed.length} more (see the CSV)`,
                  ]),
                ]
              : []),
          ])
        : null,
      el('div', { className: 'actions' }, [
        current.status === 'ok' && current.notRegistered > 0
          ? button(`Remind them (${current.notRegistered})`, remind, {
              className: 'primary',
              attrs: { 'data-action': 'mfa-remind' },
            })
          : null,
        current.status === 'ok' && current.notRegistered > 0
          ? button('Download list', download, { className: 'secondary', attrs: { 'data-action': 'mfa-csv' } })
          : null,
        current.status === 'off'
          ? null
          : button('Refresh from Entra ID', refreshFromEntra, {
              className: 'secondary',
              attrs: { 'data-action': 'mfa-refresh' },
            }),
      ]),
    ]);
  }

  const remind = guarded(async () => {
    const count = report?.notRegistered ?? 0;
    const yes = await confirmDialog(
      'Remind those not registered?',
      `This sends the setup checklist to the ${people(count)} Microsoft Entra ID says have not registered MFA.`,
      `Remind ${people(count)}`,
    );
    if (!yes) return;
    const result = await api.mfaRemind();
    announce(result.id ? `Reminder queued for ${people(result.recipients)}.` : 'Nobody left to remind.');
  }, 'The reminder could not be sent.');

  const download = guarded(async () => {
    saveBlob(await api.mfaCsv(), 'mfa-not-registered.csv');
    announce('The list is downloading.');
  }, 'The list could not be downloaded.');

  const refreshFromEntra = guarded(async () => {
    const result = await api.mfaRefresh();
    report = result.report;
    draw();
    announce(result.message);
  }, 'Could not refresh from Microsoft Entra ID.');

  const element = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'mfa-title' } }, [
    heading(2, 'MFA registration', { attrs: { id: 'mfa-title' } }),
    body,
  ]);

  return {
    element,
    async refresh() {
      try {
        report = await api.mfaReport();
      } catch {
        // 404: Graph is off on this server; the section says so.
        report = {
          status: 'off',
          note: 'MFA status is off: Microsoft Graph is not configured.',
          registered: 0,
          notRegistered: 0,
          unknown: 0,
          unregistered: [],
        };
      }
      draw();
    },
  };
}
