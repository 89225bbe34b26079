import * as path from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from './broadcast/zonedTime';
import { normaliseThumbprint, readGraphCertificate } from './graph/graphCertificate';

/** The three ways an Azure Bot registration can identify the bot. */
export const BOT_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;
export type BotType = (typeof BOT_TYPES)[number];

/** Bot Framework credentials; absent in local mode, where the bot accepts anonymous requests. */
export interface BotCredentials {
  readonly appId: string;
  readonly appType: BotType;
  readonly password?: string;
  readonly tenantId?: string;
}

/** Organisation values the guide's placeholders are filled with. */
export interface OrganisationSettings {
  readonly orgName: string;
  readonly portalUrl: string;
  readonly supportName: string;
  readonly supportEmail: string;
  readonly ssprUrl: string;
  readonly ssprEnabled: boolean;
  readonly securityInfoUrl: string;
}

/** IT broadcasts: who may send them, and how fast the sender may call the Bot Connector. */
export interface BroadcastSettings {
  /** Secret for the admin HTTP API; the API answers 404 without one. */
  readonly adminApiKey?: string;
  /** Signs the status card's download links; every instance must share it (required with STORAGE=azure). */
  readonly downloadLinkSecret?: string;
  /** Entra object ids of the people who may broadcast from chat. */
  readonly adminAadIds: readonly string[];
  /** Members of this Entra group (nested groups too) are admins as well; needs Graph. */
  readonly adminGroupId?: string;
  /** How long a group membership answer is trusted before Graph is asked again. */
  readonly adminGroupCacheMs: number;
  /** Ceiling for all Bot Connector calls together, per second (Teams allows 50 per app per tenant). */
  readonly ratePerSecond: number;
  /** Connector calls in flight at once. */
  readonly concurrency: number;
  /** Tries per recipient for errors worth retrying (412, 5xx, network). */
  readonly maxAttempts: number;
  /** The admin's live status card is updated at most this often. */
  readonly statusCardIntervalMs: number;
  /** Where "Download list" links point (the bot's public address). */
  readonly publicBaseUrl: string;
  /** The Teams app's manifest id (TEAMS_APP_ID, else BOT_ID), for installing it through Graph. */
  readonly teamsAppId?: string;
  /** The Bot Connector for people reached by installing the app, when no conversation of the tenant gives one. */
  readonly defaultServiceUrl: string;
}

/** Friendly nudges for people who started a checklist and stopped. */
export interface NudgeSettings {
  /** Days without progress before a nudge; 0 turns nudges off. */
  readonly quietDays: number;
  readonly maxNudges: number;
  /** Time zone for people whose own is unknown. */
  readonly orgTimezone: string;
}

/** Where the durable state lives: a SQLite file in DATA_DIR, or a table in Azure Table storage. */
export type StorageSettings =
  | { readonly kind: 'sqlite' }
  | {
      readonly kind: 'azure';
      readonly table: string;
      /** A storage connection string (or Azurite's); otherwise `accountUrl` with Entra sign-in. */
      readonly connectionString?: string;
      /** `https://<account>.table.core.windows.net`, reached with DefaultAzureCredential. */
      readonly accountUrl?: string;
    };

export const STORAGE_KINDS = ['sqlite', 'azure'] as const;

/** How the personal tab's API checks the Entra access tokens the tab sends. */
export interface TabApiSettings {
  /** The Entra app the tab's tokens are issued for (TAB_CLIENT_ID, else BOT_ID). */
  readonly clientId: string;
  /** Accepted `aud` values: the client id, and `api://<TAB_DOMAIN>/<client id>` when TAB_DOMAIN is set. */
  readonly audiences: readonly string[];
  /** The delegated scope a token's `scp` must contain. */
  readonly scope: string;
  /** Where Entra publishes its signing keys. */
  readonly jwksUri: string;
  /** Tenants whose people may use the tab; empty means any tenant. */
  readonly allowedTenantIds: readonly string[];
}

/** The personal tab: its static files and, when a client id is known, its API. */
export interface TabSettings {
  /** Undefined (the API answers 404) without TAB_CLIENT_ID or BOT_ID. */
  readonly api?: TabApiSettings;
  /** Public host name the tab is served from, e.g. onboarding.contoso.com. */
  readonly domain?: string;
  /** The built front end (index.html, app.js, app.css). */
  readonly assetsDir: string;
}

/** How the app proves who it is to Microsoft Entra ID for Graph: a client secret or a certificate. */
export type GraphCredential =
  | { readonly kind: 'secret'; readonly clientSecret: string }
  | {
      readonly kind: 'certificate';
      /** Where it was read from (for messages; the key below is what is used). */
      readonly certificatePath: string;
      /** Unencrypted PKCS#8 PEM. */
      readonly privateKey: string;
      /** Lower-case hex. */
      readonly thumbprint: string;
      readonly thumbprintAlgorithm: 'sha1' | 'sha256';
    };

/** Microsoft Graph with application permissions (client credentials); absent when not configured. */
export interface GraphSettings {
  /** The Entra application (client) id. */
  readonly clientId: string;
  /** The tenant whose directory is read: its GUID or a verified domain. */
  readonly tenantId: string;
  readonly credential: GraphCredential;
  /** Sign-in host, without a trailing slash: https://login.microsoftonline.com (or a national cloud's). */
  readonly authorityHost: string;
  /** Graph's origin, without a trailing slash: https://graph.microsoft.com (or a national cloud's). */
  readonly baseUrl: string;
  /** Ceiling for all Graph calls together, per second. */
  readonly ratePerSecond: number;
  /** Graph calls in flight at once. */
  readonly concurrency: number;
  /** Tries per call for 429/503/504, timeouts and network errors. */
  readonly maxAttempts: number;
  /** The longest one HTTP call to Graph or to the token endpoint may take. */
  readonly requestTimeoutMs: number;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly credentials?: BotCredentials;
  /** Tenants whose activities are served; empty means any tenant (local mode only). */
  readonly allowedTenantIds: readonly string[];
  readonly dataDir: string;
  readonly storage: StorageSettings;
  readonly guideFile: string;
  readonly organisation: OrganisationSettings;
  readonly broadcast: BroadcastSettings;
  readonly nudges: NudgeSettings;
  readonly tab: TabSettings;
  /** Undefined (every Graph feature off) unless the GRAPH_* settings are given. */
  readonly graph?: GraphSettings;
  /** MFA registration status from Entra ID (needs Graph): how often the report is read. */
  readonly mfa: { readonly refreshIntervalMs: number };
  /** Per-person message rate: a burst, then so many a minute. */
  readonly messageRate: { readonly burst: number; readonly perMinute: number };
  /** On SIGTERM, in-flight requests and broadcast sends get at most this long to finish. */
  readonly shutdownGraceMs: number;
  /** A turn still running after this is answered 503 (a hung Bot Connector must not hang requests). */
  readonly turnDeadlineMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly maxBodyBytes: number;
  /** "Ask IT": the Teams channel questions are posted to; without one, people get an e-mail link. */
  readonly escalation: EscalationSettings;
  /** Escalations, message history and other personal records older than this many days are deleted. */
  readonly retentionDays: number;
}

/** Where "Ask IT" questions go. */
export interface EscalationSettings {
  /** A channel the bot is installed in (`19:…@thread.tacv2`); undefined: "Ask IT" offers an e-mail. */
  readonly channelId?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Signing keys only over https; plain http is for a loopback test server. */
const jwksUrl = httpUrl.refine((value) => {
  if (!URL.canParse(value)) return true; // already reported as not a URL
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
}, 'must be an https URL (http only on 127.0.0.1 or localhost)');

/** An origin such as https://graph.microsoft.com: no path, query or fragment. */
function isOriginOnly(value: string): boolean {
  if (!URL.canParse(value)) return true; // already reported as not a URL
  const url = new URL(value);
  return url.pathname === '/' && url.search === '' && url.hash === '';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** App-only tokens are issued by one tenant; these multi-tenant aliases cannot issue them. */
const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

const environmentSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3978),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TENANT_ID: optionalText,
  BOT_TYPE: z.enum(BOT_TYPES, { error: `must be one of ${BOT_TYPES.join(', ')}` }).optional(),
  ALLOWED_TENANT_IDS: optionalText,
  DATA_DIR: z.string().trim().min(1).default('./data'),
  STORAGE: z.enum(STORAGE_KINDS, { error: `must be one of ${STORAGE_KINDS.join(', ')}` }).default('sqlite'),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_ACCOUNT_URL: httpUrl.optional(),
  AZURE_STORAGE_TABLE: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z][A-Za-z0-9]{2,62}$/,
      'must be an Azure table name: 3 to 63 letters and digits, starting with a letter',
    )
    .default('botstate'),
  GUIDE_FILE: z.string().trim().min(1).default('content/guide.yaml'),
  ORG_NAME: z.string().trim().min(1).default('iTeres Group'),
  PORTAL_URL: httpUrl.default('https://www.microsoft365.com'),
  SUPPORT_NAME: z.string().trim().min(1).default('iTeres Support'),
  SUPPORT_EMAIL: z.email({ error: 'must be an e-mail address' }).default('support@iteres.com'),
  SSPR_URL: httpUrl.default('https://aka.ms/sspr'),
  SSPR_ENABLED: booleanFlag.default(false),
  SECURITY_INFO_URL: httpUrl.default('https://aka.ms/mysecurityinfo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50_000_000)
    .default(256 * 1024),
  ADMIN_API_KEY: z
    .string()
    .trim()
    .min(24, 'must be at least 24 characters (a long random secret)')
    .optional(),
  DOWNLOAD_LINK_SECRET: z
    .string()
    .trim()
    .min(24, 'must be at least 24 characters (a long random secret)')
    .optional(),
  ADMIN_AAD_IDS: optionalText,
  ADMIN_GROUP_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be the Entra group object id, a GUID such as 2b0f…')
    .transform((id) => id.toLowerCase())
    .optional(),
  ADMIN_GROUP_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  BROADCAST_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(30),
  BROADCAST_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  BROADCAST_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  STATUS_CARD_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  TEAMS_APP_ID: z.string().trim().min(1).max(100).optional(),
  BROADCAST_DEFAULT_SERVICE_URL: jwksUrl.default('https://smba.trafficmanager.net/teams/'),
  PUBLIC_BASE_URL: httpUrl.optional(),
  USER_MESSAGE_BURST: z.coerce.number().int().min(1).max(1000).default(10),
  USER_MESSAGES_PER_MINUTE: z.coerce.number().positive().max(6000).default(30),
  TURN_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  NUDGE_QUIET_DAYS: z.coerce.number().min(0).max(365).default(2),
  MFA_REFRESH_MINUTES: z.coerce
    .number()
    .int('must be a whole number of minutes')
    .min(0)
    .max(10_080, 'must be at most 10080 (a week); 0 refreshes only on demand')
    .default(360),
  TAB_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'must be a host name only, such as onboarding.contoso.com (no https://, path or port)',
    )
    .optional(),
  TAB_API_SCOPE: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a scope name such as access_as_user')
    .default('access_as_user'),
  TAB_CLIENT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be the Entra application (client) id, a GUID')
    .optional(),
  ENTRA_JWKS_URI: jwksUrl.default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  TAB_ASSETS_DIR: z.string().trim().min(1).default('dist/tab'),
  GRAPH_CLIENT_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be the Entra application (client) id, a GUID')
    .optional(),
  GRAPH_TENANT_ID: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9.-]{1,253}$/,
      'must be the tenant id (a GUID) or a verified domain such as contoso.com',
    )
    .refine(
      (value) => !TENANT_ALIASES.has(value.toLowerCase()),
      'must be one tenant (its GUID or domain), not common, organizations or consumers: app-only tokens come from one tenant',
    )
    .optional(),
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_CERTIFICATE_PATH: optionalText,
  GRAPH_CERTIFICATE_THUMBPRINT: z
    .string()
    .transform(normaliseThumbprint)
    .refine(
      (value) => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value),
      "must be the certificate's SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint",
    )
    .optional(),
  GRAPH_AUTHORITY_HOST: z
    .url({ protocol: /^https$/, error: 'must be an https URL (msal-node signs in over https only)' })
    .refine(isOriginOnly, 'must be the sign-in host only, such as https://login.microsoftonline.com')
    .optional(),
  GRAPH_BASE_URL: jwksUrl
    .refine(isOriginOnly, 'must be the Graph host only, such as https://graph.microsoft.com (no /v1.0)')
    .optional(),
  GRAPH_RATE_PER_SECOND: z.coerce.number().positive().max(1000).optional(),
  GRAPH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  GRAPH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).optional(),
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).optional(),
  ESCALATION_CHANNEL_ID: z
    .string()
    .trim()
    .regex(
      /^19:[A-Za-z0-9_-]{1,200}@thread\.(?:tacv2|skype)$/,
      'must be a Teams channel id such as 19:abc123@thread.tacv2 (from the channel link, without ;messageid=)',
    )
    .optional(),
  RETENTION_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650 (ten years)')
    .default(90),
  ORG_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London'),
});

type Environment = z.infer<typeof environmentSchema>;

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** Without PUBLIC_BASE_URL, links point at this machine; never at a wildcard listening address. */
function localBaseUrl(host: string, port: number): string {
  const reachable = WILDCARD_HOSTS.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${port}`;
}

/** Empty strings count as unset, as they do in `.env` files. */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') result[key] = value;
  }
  return result;
}

function credentialsFrom(env: Environment, problems: string[]): BotCredentials | undefined {
  const given = (['BOT_ID', 'BOT_PASSWORD', 'BOT_TENANT_ID', 'BOT_TYPE'] as const).filter(
    (key) => env[key] !== undefined,
  );
  if (given.length === 0) return undefined;

  const appType = env.BOT_TYPE ?? 'MultiTenant';
  const needed: (keyof Environment)[] = ['BOT_ID', 'BOT_TYPE'];
  if (appType !== 'UserAssignedMSI') needed.push('BOT_PASSWORD');
  if (appType !== 'MultiTenant') needed.push('BOT_TENANT_ID');
  const missing = needed.filter((key) => env[key] === undefined);
  if (missing.length > 0) {
    problems.push(
      `${missing.join(', ')}: missing. ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, so the bot ` +
        `runs with real Bot Framework authentication, and BOT_TYPE ${appType} also needs ${missing.join(' and ')} ` +
        '(or unset all BOT_* settings for local mode)',
    );
    return undefined;
  }
  return {
    appId: env.BOT_ID as string,
    appType,
    password: appType === 'UserAssignedMSI' ? undefined : env.BOT_PASSWORD,
    tenantId: env.BOT_TENANT_ID,
  };
}

const GRAPH_KEYS = [
  'GRAPH_CLIENT_ID',
  'GRAPH_TENANT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_PATH',
  'GRAPH_CERTIFICATE_THUMBPRINT',
  'GRAPH_AUTHORITY_HOST',
  'GRAPH_BASE_URL',
  'GRAPH_RATE_PER_SECOND',
  'GRAPH_CONCURRENCY',
  'GRAPH_MAX_ATTEMPTS',
  'GRAPH_TIMEOUT_MS',
] as const;

/** All or nothing, like the BOT_* group: any GRAPH_* setting turns Graph on, and then it must be complete. */
function graphFrom(env: Environment, problems: string[]): GraphSettings | undefined {
  const given = GRAPH_KEYS.filter((key) => env[key] !== undefined);
  if (given.length === 0) return undefined;

  const usesSecret = env.GRAPH_CLIENT_SECRET !== undefined;
  const usesCertificate =
    env.GRAPH_CERTIFICATE_PATH !== undefined || env.GRAPH_CERTIFICATE_THUMBPRINT !== undefined;
  const missing: string[] = (['GRAPH_CLIENT_ID', 'GRAPH_TENANT_ID'] as const).filter(
    (key) => env[key] === undefined,
  );
  if (usesCertificate) {
    if (env.GRAPH_CERTIFICATE_PATH === undefined) missing.push('GRAPH_CERTIFICATE_PATH');
    if (env.GRAPH_CERTIFICATE_THUMBPRINT === undefined) missing.push('GRAPH_CERTIFICATE_THUMBPRINT');
  } else if (!usesSecret) {
    missing.push('GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH with GRAPH_CERTIFICATE_THUMBPRINT');
  }
  if (usesSecret && usesCertificate) {
    problems.push(
      'GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH: both set; Microsoft Graph sign-in takes one of ' +
        'them (the client secret, or the certificate with GRAPH_CERTIFICATE_THUMBPRINT)',
    );
    return undefined;
  }
  if (missing.length > 0) {
    problems.push(
      `${missing.join(', ')}: missing. ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, so the bot ` +
        `calls Microsoft Graph, which also needs ${missing.slice(0, -1).join(', ')}${missing.length > 1 ? ' and ' : ''}${missing[missing.length - 1]} ` +
        '(or unset all GRAPH_* settings to leave Graph off)',
    );
    return undefined;
  }

  let credential: GraphCredential;
  if (usesSecret) {
    credential = { kind: 'secret', clientSecret: env.GRAPH_CLIENT_SECRET as string };
  } else {
    const certificatePath = path.resolve(env.GRAPH_CERTIFICATE_PATH as string);
    const certificate = readGraphCertificate(certificatePath, env.GRAPH_CERTIFICATE_THUMBPRINT as string);
    if (typeof certificate === 'string') {
      problems.push(`GRAPH_CERTIFICATE_PATH: ${certificatePath} ${certificate}`);
      return undefined;
    }
    credential = { kind: 'certificate', certificatePath, ...certificate };
  }
  return {
    clientId: env.GRAPH_CLIENT_ID as string,
    tenantId: env.GRAPH_TENANT_ID as string,
    credential: Object.freeze(credential),
    authorityHost: (env.GRAPH_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/+$/, ''),
    baseUrl: (env.GRAPH_BASE_URL ?? 'https://graph.microsoft.com').replace(/\/+$/, ''),
    ratePerSecond: env.GRAPH_RATE_PER_SECOND ?? 20,
    concurrency: env.GRAPH_CONCURRENCY ?? 8,
    maxAttempts: env.GRAPH_MAX_ATTEMPTS ?? 5,
    requestTimeoutMs: env.GRAPH_TIMEOUT_MS ?? 30_000,
  };
}

function storageFrom(env: Environment, problems: string[]): StorageSettings {
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING;
  const accountUrl = env.AZURE_STORAGE_ACCOUNT_URL;
  if (env.STORAGE === 'sqlite') {
    const given = [
      ...(connectionString ? ['AZURE_STORAGE_CONNECTION_STRING'] : []),
      ...(accountUrl ? ['AZURE_STORAGE_ACCOUNT_URL'] : []),
    ];
    if (given.length > 0) {
      problems.push(
        `${given.join(', ')}: set, but STORAGE is sqlite (the default), so the state would stay in ` +
          `DATA_DIR. Set STORAGE=azure to keep it in Azure Table storage, or remove ${given.join(' and ')}`,
      );
    }
    return { kind: 'sqlite' };
  }
  if (connectionString && accountUrl) {
    problems.push(
      'AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_ACCOUNT_URL: both set; STORAGE=azure takes one of ' +
        'them (the connection string, or the account URL with a managed identity or other Entra sign-in)',
    );
  } else if (!connectionString && !accountUrl) {
    problems.push(
      'AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL: missing. STORAGE=azure needs the ' +
        'storage connection string, or the table endpoint (https://<account>.table.core.windows.net) ' +
        'for sign-in with a managed identity',
    );
  } else if (
    connectionString &&
    !/(AccountName=|TableEndpoint=|UseDevelopmentStorage=true)/i.test(connectionString)
  ) {
    problems.push(
      'AZURE_STORAGE_CONNECTION_STRING: not a storage connection string (expected ' +
        '"DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…" or one with a TableEndpoint)',
    );
  }
  return connectionString
    ? { kind: 'azure', table: env.AZURE_STORAGE_TABLE, connectionString }
    : { kind: 'azure', table: env.AZURE_STORAGE_TABLE, accountUrl };
}

/**
 * Reads and validates the environment once. Throws a ConfigError that names every bad or missing
 * key, so that start-up fails with one readable message rather than later in a request.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const problems: string[] = [];
  const credentials = credentialsFrom(values, problems);
  const storage = storageFrom(values, problems);
  const graph = graphFrom(values, problems);
  if (values.ADMIN_GROUP_ID && !graph)
    problems.push(
      'ADMIN_GROUP_ID: set, but Graph is not (GRAPH_CLIENT_ID, GRAPH_TENANT_ID and a secret or certificate): the bot needs Graph to read the group',
    );
  // A link signed by one instance must open on another, and after a restart.
  if (storage.kind === 'azure' && !values.DOWNLOAD_LINK_SECRET && !values.ADMIN_API_KEY)
    problems.push(
      'DOWNLOAD_LINK_SECRET: required with STORAGE=azure (or ADMIN_API_KEY), so that every instance signs download links alike',
    );
  const tabClientId = values.TAB_CLIENT_ID ?? values.BOT_ID;
  if (values.TAB_DOMAIN && !tabClientId)
    problems.push(
      'TAB_DOMAIN: set, but neither TAB_CLIENT_ID nor BOT_ID is, so the tab API has no Entra app to ' +
        'accept tokens for. Set TAB_CLIENT_ID to the application (client) id that exposes the tab scope',
    );
  if (problems.length > 0) throw new ConfigError(problems);

  const allowedTenantIds = [
    ...(values.BOT_TENANT_ID ? [values.BOT_TENANT_ID] : []),
    ...(values.ALLOWED_TENANT_IDS ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  ];

  return Object.freeze({
    port: values.PORT,
    host: values.HOST,
    credentials: credentials && Object.freeze(credentials),
    allowedTenantIds: Object.freeze([...new Set(allowedTenantIds)]),
    dataDir: path.resolve(values.DATA_DIR),
    storage: Object.freeze(storage),
    guideFile: path.resolve(values.GUIDE_FILE),
    organisation: Object.freeze({
      orgName: values.ORG_NAME,
      portalUrl: values.PORTAL_URL,
      supportName: values.SUPPORT_NAME,
      supportEmail: values.SUPPORT_EMAIL,
      ssprUrl: values.SSPR_URL,
      ssprEnabled: values.SSPR_ENABLED,
      securityInfoUrl: values.SECURITY_INFO_URL,
    }),
    broadcast: Object.freeze({
      adminApiKey: values.ADMIN_API_KEY,
      downloadLinkSecret: values.DOWNLOAD_LINK_SECRET ?? values.ADMIN_API_KEY,
      adminAadIds: Object.freeze(
        (values.ADMIN_AAD_IDS ?? '')
          .split(',')
          .map((id) => id.trim().toLowerCase())
          .filter((id) => id !== ''),
      ),
      adminGroupId: values.ADMIN_GROUP_ID,
      adminGroupCacheMs: values.ADMIN_GROUP_CACHE_SECONDS * 1000,
      ratePerSecond: values.BROADCAST_RATE_PER_SECOND,
      concurrency: values.BROADCAST_CONCURRENCY,
      maxAttempts: values.BROADCAST_MAX_ATTEMPTS,
      statusCardIntervalMs: values.STATUS_CARD_INTERVAL_MS,
      publicBaseUrl: (values.PUBLIC_BASE_URL ?? localBaseUrl(values.HOST, values.PORT)).replace(/\/+$/, ''),
      teamsAppId: values.TEAMS_APP_ID ?? values.BOT_ID,
      defaultServiceUrl: values.BROADCAST_DEFAULT_SERVICE_URL,
    }),
    mfa: Object.freeze({ refreshIntervalMs: values.MFA_REFRESH_MINUTES * 60_000 }),
    nudges: Object.freeze({
      quietDays: values.NUDGE_QUIET_DAYS,
      maxNudges: 3,
      orgTimezone: values.ORG_TIMEZONE,
    }),
    tab: Object.freeze({
      api: tabClientId
        ? Object.freeze({
            clientId: tabClientId,
            audiences: Object.freeze([
              tabClientId,
              ...(values.TAB_DOMAIN ? [`api://${values.TAB_DOMAIN}/${tabClientId}`] : []),
            ]),
            scope: values.TAB_API_SCOPE,
            jwksUri: values.ENTRA_JWKS_URI,
            allowedTenantIds: Object.freeze([...new Set(allowedTenantIds)]),
          })
        : undefined,
      domain: values.TAB_DOMAIN,
      assetsDir: path.resolve(values.TAB_ASSETS_DIR),
    }),
    graph: graph && Object.freeze(graph),
    messageRate: Object.freeze({
      burst: values.USER_MESSAGE_BURST,
      perMinute: values.USER_MESSAGES_PER_MINUTE,
    }),
    shutdownGraceMs: values.SHUTDOWN_GRACE_MS,
    turnDeadlineMs: values.TURN_DEADLINE_MS,
    logLevel: values.LOG_LEVEL,
    maxBodyBytes: values.MAX_BODY_BYTES,
    escalation: Object.freeze({ channelId: values.ESCALATION_CHANNEL_ID }),
    retentionDays: values.RETENTION_DAYS,
  });
}
