import type { TabSettingsResponse } from '../../src/tab/contract';
import type { TeamsSession } from './teamsHost';

/** Hands out bearer tokens for the bot's own API (never a Graph token, never into a URL or a log). */
export interface TokenSource {
  token(): Promise<string>;
  /** Drops a cached token the server refused. */
  forget(): void;
}

/** `GET /api/tab/settings`: the values MSAL needs for Nested App Authentication. */
export type TabSettings = TabSettingsResponse;

const EXPIRY_MARGIN_MS = 60_000;

/** Seconds-since-epoch `exp` of a JWT, read only to know when to ask again (not verified here). */
function expiresAt(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** Reuses a token until shortly before it expires. */
function cached(fetchToken: () => Promise<string>): TokenSource {
  let current: { token: string; expires: number } | undefined;
  return {
    async token() {
      if (current && current.expires - EXPIRY_MARGIN_MS > Date.now()) return current.token;
      const token = await fetchToken();
      current = { token, expires: expiresAt(token) };
      return token;
    },
    forget() {
      current = undefined;
    },
  };
}

async function nestedAppAuthSource(
  session: TeamsSession,
  clientId: string,
  scope: string,
): Promise<TokenSource> {
  // MSAL is only loaded where Teams recommends NAA; everywhere else it would be dead weight.
  const msal = await import('@azure/msal-browser');
  const authority = `https://login.microsoftonline.com/${session.user.tenantId ?? 'organizations'}`;
  const client = await msal.createNestablePublicClientApplication({ auth: { clientId, authority } });
  return cached(async () => {
    const account =
      client.getAccount({ tenantId: session.user.tenantId, loginHint: session.user.loginHint }) ?? undefined;
    try {
      return (await client.acquireTokenSilent({ scopes: [scope], account })).accessToken;
    } catch (error) {
      if (!(error instanceof msal.InteractionRequiredAuthError)) throw error;
      return (await client.acquireTokenPopup({ scopes: [scope], loginHint: session.user.loginHint }))
        .accessToken;
    }
  });
}

/**
 * NAA where Teams recommends it and the server told us the client id and scope; otherwise Teams SSO
 * (`authentication.getAuthToken`), which needs neither because the manifest names the resource.
 */
export async function createTokenSource(
  session: TeamsSession,
  loadSettings: () => Promise<TabSettings | undefined>,
): Promise<TokenSource> {
  if (session.naaRecommended) {
    const settings = await loadSettings().catch(() => undefined);
    if (settings?.clientId && settings.apiScope) {
      try {
        return await nestedAppAuthSource(session, settings.clientId, settings.apiScope);
      } catch {
        // An older host without the NAA bridge: Teams SSO still works.
      }
    }
  }
  return cached(() => session.getAuthToken());
}
