/**
 * Runs in the test host page (browser): embeds the tab in an iframe and answers the teams-js v2
 * postMessage protocol the way Teams does. Bundled by teamsHostServer.ts with esbuild.
 *
 * Requests from the tab: `{ id, uuidAsString, func, args, … }`; answers: `{ id, uuidAsString, args }`
 * (teams-js matches them by uuid, else by id). Host-initiated events: `{ func: 'themeChange', args: [theme] }`.
 */

interface TabRequest {
  readonly id: number;
  readonly uuidAsString?: string;
  readonly func: string;
  readonly args?: readonly unknown[];
}

/** What /__host/context answers: the signed-in person and the host's settings. */
export interface HostContext {
  readonly userKey: string;
  /** Changes when the test switches the theme, so a later getContext reports the new one. */
  theme: string;
  readonly locale: string;
  readonly naaRecommended: boolean;
  readonly user: {
    readonly oid: string;
    readonly tenantId: string;
    readonly upn: string;
    readonly name: string;
  };
}

/** The control surface a test drives through `page.evaluate`. */
export interface TeamsHostControl {
  /** Every `func` the tab called, in order. */
  readonly calls: string[];
  setTheme(theme: string): void;
  readonly ready: Promise<void>;
}

declare global {
  interface Window {
    teamsHost: TeamsHostControl;
  }
}

const NOT_SUPPORTED = { errorCode: 100, message: 'Not supported by the test host' };

function runtimeConfig(context: HostContext): string {
  return JSON.stringify({
    apiVersion: 4,
    isNAAChannelRecommended: context.naaRecommended,
    isLegacyTeams: false,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    supports: {
      appInstallDialog: {},
      dialog: { card: { bot: {} }, url: { bot: {} }, update: {} },
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
      teams: { fullTrust: {} },
      teamsCore: {},
      ...(context.naaRecommended ? { nestedAppAuth: {} } : {}),
    },
  });
}

/** The "legacy" context teams-js turns into `app.Context` (field names as Teams sends them). */
function legacyContext(context: HostContext): Record<string, unknown> {
  return {
    entityId: 'mySetup',
    locale: context.locale,
    theme: context.theme,
    frameContext: 'content',
    hostClientType: 'web',
    hostName: 'Teams',
    appSessionId: 'test-session',
    userObjectId: context.user.oid,
    userPrincipalName: context.user.upn,
    loginHint: context.user.upn,
    userDisplayName: context.user.name,
    tid: context.user.tenantId,
  };
}

async function tokenFor(context: HostContext, resources: unknown): Promise<readonly unknown[]> {
  const response = await fetch(`/__host/token?user=${encodeURIComponent(context.userKey)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resources: Array.isArray(resources) ? resources : [] }),
  });
  if (!response.ok) return [false, 'resourceDisabled'];
  return [true, ((await response.json()) as { token: string }).token];
}

async function answer(context: HostContext, request: TabRequest): Promise<readonly unknown[] | undefined> {
  switch (request.func) {
    case 'initialize':
      // [frameContext, hostClientType, runtimeConfig, clientSupportedSDKVersion]
      return ['content', 'web', runtimeConfig(context), '2.58.0'];
    case 'getContext':
      return [legacyContext(context)];
    case 'authentication.getAuthToken':
      return tokenFor(context, request.args?.[0]);
    case 'appInitialization.appLoaded':
    case 'appInitialization.success':
    case 'appInitialization.failure':
    case 'appInitialization.expectedFailure':
    case 'registerHandler':
      return undefined; // one-way notifications
    default:
      return [NOT_SUPPORTED];
  }
}

async function start(): Promise<void> {
  const userKey = new URLSearchParams(location.search).get('user') ?? '';
  const context = (await (
    await fetch(`/__host/context?user=${encodeURIComponent(userKey)}`)
  ).json()) as HostContext;
  const frame = document.getElementById('tab-frame') as HTMLIFrameElement;
  const tabSrc = frame.dataset.src ?? '/tab/';
  const tabOrigin = new URL(tabSrc, location.href).origin;
  const send = (message: unknown) => frame.contentWindow?.postMessage(message, tabOrigin);

  window.addEventListener('message', (event: MessageEvent<TabRequest>) => {
    if (event.source !== frame.contentWindow || typeof event.data?.func !== 'string') return;
    const request = event.data;
    window.teamsHost.calls.push(request.func);
    answer(context, request)
      .then((args) => {
        if (args) send({ id: request.id, uuidAsString: request.uuidAsString, args });
      })
      .catch(() => send({ id: request.id, uuidAsString: request.uuidAsString, args: [NOT_SUPPORTED] }));
  });

  window.teamsHost.setTheme = (theme: string) => {
    context.theme = theme;
    send({ func: 'themeChange', args: [theme] });
  };
  // Only now, so that the tab's first message (initialize) finds the listener in place.
  frame.src = tabSrc;
}

let markReady: () => void = () => undefined;
window.teamsHost = {
  calls: [],
  setTheme: () => undefined,
  ready: new Promise<void>((resolve) => (markReady = resolve)),
};
start().then(
  () => markReady(),
  (error: unknown) => console.error('test host failed to start', error),
);
