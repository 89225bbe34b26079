import type { INetworkModule } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { createGraph, type Graph } from '../graph';
import type { Store } from '../state/store';
import { RateLimiter } from '../teams/rateLimiter';
import { SharedPace } from '../teams/sharedPace';

export interface GraphDependencies {
  readonly config: AppConfig;
  readonly store: Store;
  readonly logger: Logger;
  /** msal-node's HTTP client for the token endpoint (tests route it to a loopback Entra). */
  readonly networkClient?: INetworkModule;
}

/**
 * Microsoft Graph, when GRAPH_* is configured; undefined otherwise, and every feature that uses it
 * then keeps its behaviour without Graph. Its own pace, apart from Teams': another service, another
 * ceiling; shared by the instances on Azure storage like Teams' is.
 */
export function createGraphAccess(deps: GraphDependencies): Graph | undefined {
  const { config, store, logger } = deps;
  const settings = config.graph;
  if (!settings) return undefined;
  const shared =
    config.storage.kind === 'azure'
      ? new SharedPace(store, settings.ratePerSecond, 'graph-pace/ceiling')
      : undefined;
  const pacer = new RateLimiter(
    settings.ratePerSecond,
    settings.concurrency,
    undefined,
    undefined,
    shared,
    (error) => logger.warn({ err: error }, 'Could not share a Graph 429 hold with the other instances'),
  );
  return createGraph(settings, {
    pacer,
    networkClient: deps.networkClient,
    onRetry: (retry) => logger.debug({ retry }, 'Graph call retried'),
  });
}
