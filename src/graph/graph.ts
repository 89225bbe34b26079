import type { INetworkModule } from '@azure/msal-node';
import type { GraphSettings } from '../config';
import { RateLimiter } from '../teams/rateLimiter';
import * as directory from './directory';
import type { DirectoryUser } from './directory';
import type { Fetch } from './fetchNetworkClient';
import { GraphClient, type GraphClientOptions, type GraphPacer, type GraphRetry } from './graphClient';
import { MsalGraphTokens, type GraphTokenProvider } from './graphTokens';
import { mfaRegistrations, type MfaRegistration } from './mfaRegistrations';
import { chatWithApp, installAppForUser, teamsAppCatalogId, type InstallOutcome } from './teamsApps';

/**
 * What features ask of Entra ID and Teams through Graph. Each call names its permission in the
 * GraphPermissionError a 403 becomes; see GRAPH_PERMISSIONS. Feature tests can implement this
 * interface in memory, or run the real one against tests/helpers/fakeGraph.
 */
export interface GraphDirectory {
  /** Every user in the group, nested groups included, each once; paged as you iterate. */
  transitiveUserMembers(groupId: string): AsyncIterable<DirectoryUser>;
  /** The group's display name; undefined when there is no such group. */
  groupName(groupId: string): Promise<string | undefined>;
  /** A user by UPN (or object id), else by primary e-mail address; undefined when not found. */
  userByUpnOrMail(value: string): Promise<DirectoryUser | undefined>;
  /** In the group directly or through nested groups; false for an unknown user or group. */
  isTransitiveMember(groupId: string, userId: string): Promise<boolean>;
  /** Installs the app (by app catalog id) for the person; a second install is 'alreadyInstalled'. */
  installAppForUser(userId: string, teamsAppId: string): Promise<InstallOutcome>;
  /** The 1:1 chat id between the person and the app's bot; undefined when it is not installed for them. */
  chatWithApp(userId: string, teamsAppId: string): Promise<string | undefined>;
  /** The app's id in the tenant's app catalog, by its manifest id; undefined when it is not there. */
  teamsAppCatalogId(externalId: string): Promise<string | undefined>;
  /** Every enabled user's MFA registration state (Entra ID P1/P2); paged as you iterate. */
  mfaRegistrations(): AsyncIterable<MfaRegistration>;
}

/** Graph, ready to use: the client for calls not covered yet, and the directory operations. */
export interface Graph {
  readonly client: GraphClient;
  readonly directory: GraphDirectory;
}

export interface GraphOptions {
  /** The pace shared by every Graph call; default a RateLimiter at the configured rate and concurrency. */
  readonly pacer?: GraphPacer;
  /** Tokens; default msal-node's ConfidentialClientApplication with the configured credential. */
  readonly tokens?: GraphTokenProvider;
  /** msal-node's HTTP client for the token endpoint (tests route it to a loopback fake). */
  readonly networkClient?: INetworkModule;
  /** The HTTP client for Graph calls. */
  readonly fetch?: Fetch;
  /** Told about each retry, e.g. to log it. */
  readonly onRetry?: (retry: GraphRetry) => void;
  /** Timing knobs for tests: backoff, the longest Retry-After honoured, clock, sleep, randomness. */
  readonly timing?: Pick<GraphClientOptions, 'backoff' | 'maxRetryAfterMs' | 'now' | 'sleep' | 'random'>;
}

export function createGraphDirectory(client: GraphClient): GraphDirectory {
  return {
    transitiveUserMembers: (groupId) => directory.transitiveUserMembers(client, groupId),
    groupName: (groupId) => directory.groupName(client, groupId),
    userByUpnOrMail: (value) => directory.userByUpnOrMail(client, value),
    isTransitiveMember: (groupId, userId) => directory.isTransitiveMember(client, groupId, userId),
    installAppForUser: (userId, teamsAppId) => installAppForUser(client, userId, teamsAppId),
    chatWithApp: (userId, teamsAppId) => chatWithApp(client, userId, teamsAppId),
    teamsAppCatalogId: (externalId) => teamsAppCatalogId(client, externalId),
    mfaRegistrations: () => mfaRegistrations(client),
  };
}

/**
 * Builds Graph from `config.graph` (call it only when that is set: Graph is off otherwise). Makes
 * no network call until the first Graph call, which acquires the first token.
 */
export function createGraph(settings: GraphSettings, options: GraphOptions = {}): Graph {
  const client = new GraphClient({
    baseUrl: settings.baseUrl,
    tokens: options.tokens ?? new MsalGraphTokens(settings, options.networkClient),
    pacer: options.pacer ?? new RateLimiter(settings.ratePerSecond, settings.concurrency),
    maxAttempts: settings.maxAttempts,
    requestTimeoutMs: settings.requestTimeoutMs,
    fetch: options.fetch,
    onRetry: options.onRetry,
    ...options.timing,
  });
  return { client, directory: createGraphDirectory(client) };
}
