import type { GraphClient } from './graphClient';
import { odataQuery } from './odata';
import { GRAPH_PERMISSIONS } from './permissions';

/** One person's row of Entra's authentication methods registration report. */
export interface MfaRegistration {
  /** Entra object id. */
  readonly id: string;
  readonly userPrincipalName?: string;
  readonly displayName?: string;
  /** Has registered a strong method usable for MFA. */
  readonly isMfaRegistered: boolean;
  /** E.g. `microsoftAuthenticatorPush`, `softwareOneTimePasscode`, `mobilePhone`. */
  readonly methodsRegistered: readonly string[];
}

interface RawRegistration {
  readonly id?: unknown;
  readonly userPrincipalName?: unknown;
  readonly userDisplayName?: unknown;
  readonly isMfaRegistered?: unknown;
  readonly methodsRegistered?: unknown;
}

/**
 * Every enabled user's MFA registration state, page by page as the caller iterates
 * (`/reports/authenticationMethods/userRegistrationDetails`; disabled users are not in it). The
 * report is refreshed by Entra a few times a day, not live. A 403 means AuditLog.Read.All is not
 * granted or the tenant has no Entra ID P1/P2 licence (code Authentication_RequestFromNonPremiumTenantOrB2CTenant).
 */
export async function* mfaRegistrations(
  graph: GraphClient,
): AsyncGenerator<MfaRegistration, void, undefined> {
  const path =
    '/v1.0/reports/authenticationMethods/userRegistrationDetails' +
    odataQuery({ $select: 'id,userPrincipalName,userDisplayName,isMfaRegistered,methodsRegistered' });
  for await (const raw of graph.items<RawRegistration>(path, {
    permission: GRAPH_PERMISSIONS.authenticationMethodsReport,
  })) {
    if (typeof raw.id !== 'string' || !raw.id) continue;
    yield {
      id: raw.id,
      userPrincipalName: typeof raw.userPrincipalName === 'string' ? raw.userPrincipalName : undefined,
      displayName: typeof raw.userDisplayName === 'string' ? raw.userDisplayName : undefined,
      isMfaRegistered: raw.isMfaRegistered === true,
      methodsRegistered: Array.isArray(raw.methodsRegistered)
        ? raw.methodsRegistered.filter((method): method is string => typeof method === 'string')
        : [],
    };
  }
}
