import type { AdaptiveCard } from '../cards/adaptiveCard';
import { cardText } from '../cards/cardText';
import type { MfaReportData } from './mfaReport';
import { MFA_VERBS } from './mfaVerbs';

/** Names listed on the card; the tab and its CSV have everyone. */
export const MFA_CARD_NAMES = 20;

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});

function when(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: timezone,
  }).format(new Date(iso));
}

/**
 * The admins' `mfa` card: registered / not registered / unknown, the first names not registered,
 * "Remind them" (the setup checklist to exactly those people) and "Refresh from Entra ID".
 */
export function createMfaReportCard(report: MfaReportData, timezone: string): AdaptiveCard {
  const body: unknown[] = [textBlock('MFA registration', { size: 'Medium', weight: 'Bolder' })];
  if (report.refreshedAt && report.status === 'ok')
    body.push(
      textBlock(`From Microsoft Entra ID, as of ${when(report.refreshedAt, timezone)} (${timezone})`, {
        isSubtle: true,
        spacing: 'None',
      }),
    );
  if (report.note) body.push(textBlock(cardText(report.note), { color: 'Attention' }));
  body.push({
    type: 'FactSet',
    facts: [
      { title: 'Registered', value: String(report.registered) },
      { title: 'Not registered', value: String(report.notRegistered) },
      { title: 'Unknown', value: String(report.unknown) },
    ],
  });
  const shown = report.unregistered.slice(0, MFA_CARD_NAMES);
  if (shown.length > 0) {
    const more = report.unregistered.length - shown.length;
    body.push(
      textBlock(
        more > 0
          ? `Not registered (first ${shown.length} of ${report.unregistered.length}):`
          : 'Not registered:',
        { weight: 'Bolder' },
      ),
      ...shown.map((person) =>
        textBlock(
          `• ${cardText(person.name)}${person.userPrincipalName && person.userPrincipalName !== person.name ? ` (${cardText(person.userPrincipalName)})` : ''}${person.inTeams ? '' : ' – not in Teams yet'}`,
          { spacing: 'None' },
        ),
      ),
    );
  }
  const actions: unknown[] = [];
  if (report.status === 'ok' && report.notRegistered > 0)
    actions.push({
      type: 'Action.Execute',
      title: `Remind them (${report.notRegistered})`,
      verb: MFA_VERBS.remind,
      data: { notRegistered: report.notRegistered },
    });
  if (report.status !== 'off')
    actions.push({
      type: 'Action.Execute',
      title: 'Refresh from Entra ID',
      verb: MFA_VERBS.refresh,
      data: {},
    });
  return { type: 'AdaptiveCard', version: '1.5', body, ...(actions.length > 0 ? { actions } : {}) };
}
