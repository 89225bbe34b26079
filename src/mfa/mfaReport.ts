import type { ConversationReferences } from '../state/conversationReferences';
import { MFA_UNAVAILABLE_NOTE } from './mfaRefresher';
import type { MfaRegistrationRepository } from './mfaRegistrationRepository';

/** Someone Entra ID says has not registered MFA. */
export interface UnregisteredPerson {
  /** Entra object id. */
  readonly id: string;
  /** Their name in Teams, else their UPN, else the id. */
  readonly name: string;
  readonly userPrincipalName?: string;
  /** Has the app (a 1:1 chat with the bot), so a reminder reaches them. */
  readonly inTeams: boolean;
}

/**
 * - `off`: Graph is not configured;
 * - `unavailable`: Graph refused the report (403): `note` says what IT grants;
 * - `pending`: not read yet (the first refresh is on its way);
 * - `ok`: counts and the list as of `refreshedAt`.
 */
export type MfaReportStatus = 'off' | 'unavailable' | 'pending' | 'ok';

export interface MfaReportData {
  readonly status: MfaReportStatus;
  readonly note?: string;
  readonly refreshedAt?: string;
  readonly registered: number;
  readonly notRegistered: number;
  /** People who have the app but are not in Entra's report (guests, disabled, or not read yet). */
  readonly unknown: number;
  /** Everyone not registered, by name. */
  readonly unregistered: readonly UnregisteredPerson[];
}

const OFF_NOTE = 'MFA status is off: Microsoft Graph is not configured (GRAPH_* settings).';

/** Who has and has not registered MFA, from the stored report and the people who have the app. */
export class MfaReport {
  constructor(
    private readonly repository: MfaRegistrationRepository,
    private readonly conversations: ConversationReferences,
    private readonly enabled: boolean,
  ) {}

  async build(): Promise<MfaReportData> {
    const people = await this.peopleWithTheApp();
    const empty = { registered: 0, notRegistered: 0, unknown: people.size, unregistered: [] };
    if (!this.enabled) return { status: 'off', note: OFF_NOTE, ...empty };
    const state = await this.repository.state();
    if (state?.status === 'unavailable')
      return { status: 'unavailable', note: MFA_UNAVAILABLE_NOTE, ...empty };
    if (!state?.refreshedAt)
      return { status: 'pending', note: 'MFA status has not been read from Entra ID yet.', ...empty };

    const records = await this.repository.all();
    let registered = 0;
    const unregistered: UnregisteredPerson[] = [];
    for (const record of records) {
      if (record.isMfaRegistered) {
        registered++;
        continue;
      }
      const teamsName = people.get(record.id);
      unregistered.push({
        id: record.id,
        name: teamsName ?? record.displayName ?? record.userPrincipalName ?? record.id,
        userPrincipalName: record.userPrincipalName,
        inTeams: people.has(record.id),
      });
    }
    const inReport = new Set(records.map((record) => record.id));
    unregistered.sort((a, b) => a.name.localeCompare(b.name));
    return {
      status: 'ok',
      refreshedAt: state.refreshedAt,
      ...(state.problem ? { note: `The last refresh failed: ${state.problem}` } : {}),
      registered,
      notRegistered: unregistered.length,
      unknown: [...people.keys()].filter((id) => !inReport.has(id)).length,
      unregistered,
    };
  }

  /** Entra object id → name in Teams (when known), of everyone with a 1:1 chat with the bot. */
  private async peopleWithTheApp(): Promise<Map<string, string | undefined>> {
    const people = new Map<string, string | undefined>();
    for (const saved of await this.conversations.list()) {
      if (saved.conversationType !== 'personal' || !saved.userAadObjectId) continue;
      const id = saved.userAadObjectId.toLowerCase();
      people.set(id, saved.userName ?? people.get(id) ?? saved.userPrincipalName);
    }
    return people;
  }
}
