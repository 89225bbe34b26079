/** Microsoft Graph with application permissions: build it with createGraph(config.graph) when configured. */
export {
  createGraph,
  createGraphDirectory,
  type Graph,
  type GraphDirectory,
  type GraphOptions,
} from './graph';
export {
  GraphClient,
  type GraphClientOptions,
  type GraphMethod,
  type GraphPacer,
  type GraphRequest,
  type GraphResponse,
  type GraphRetry,
} from './graphClient';
export {
  GraphError,
  GraphNotFoundError,
  GraphPermissionError,
  GraphThrottledError,
  GraphTimeoutError,
} from './graphErrors';
export { GraphAuthenticationError, MsalGraphTokens, type GraphTokenProvider } from './graphTokens';
export { FetchNetworkClient, type Fetch } from './fetchNetworkClient';
export type { DirectoryUser } from './directory';
export type { MfaRegistration } from './mfaRegistrations';
export type { InstallOutcome } from './teamsApps';
export { GRAPH_PERMISSIONS } from './permissions';
export { odataQuery, odataString, segment } from './odata';
