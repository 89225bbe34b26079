import { app, authentication, nestedAppAuth } from '@microsoft/teams-js';

/** What the tab needs from Teams once it is connected. */
export interface TeamsSession {
  readonly theme: string;
  readonly locale: string;
  readonly user: {
    readonly id: string;
    readonly tenantId?: string;
    readonly loginHint?: string;
    readonly name?: string;
  };
  /** Teams says Nested App Authentication (MSAL.js through the host) is the way to get tokens here. */
  readonly naaRecommended: boolean;
  onThemeChange(handler: (theme: string) => void): void;
  /** Teams SSO: a token for the app's own API (the manifest's webApplicationInfo resource). */
  getAuthToken(): Promise<string>;
}

/** Outside Teams, `app.initialize()` either rejects at once (no parent) or never answers (some frame). */
export const TEAMS_CONNECT_TIMEOUT_MS = 3000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer = 0;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = window.setTimeout(() => reject(new Error('Teams did not answer')), ms);
  });
  return Promise.race([work, timeout]).finally(() => window.clearTimeout(timer));
}

/** Connects to the Teams host, or resolves undefined when the page is not running inside Teams. */
export async function connectToTeams(
  timeoutMs = TEAMS_CONNECT_TIMEOUT_MS,
): Promise<TeamsSession | undefined> {
  try {
    await within(app.initialize(), timeoutMs);
    const context = await within(app.getContext(), timeoutMs);
    return {
      theme: context.app.theme,
      locale: context.app.locale,
      user: {
        id: context.user?.id ?? '',
        tenantId: context.user?.tenant?.id,
        loginHint: context.user?.loginHint,
        name: context.user?.displayName,
      },
      naaRecommended: nestedAppAuth.isNAAChannelRecommended(),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler(handler),
      getAuthToken: () => authentication.getAuthToken(),
    };
  } catch {
    return undefined;
  }
}

/** Tells Teams the tab has loaded (hides its loading indicator). */
export function reportLoaded(): void {
  app.notifySuccess().catch(() => undefined);
}
