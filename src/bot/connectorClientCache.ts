import type {
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';

/** Teams talks to a bot from a handful of service URLs; this bounds the cache all the same. */
const MAX_CLIENTS = 256;

/**
 * One connector client per caller, service URL and audience, reused across turns. Bot Framework
 * builds a new client, with its HTTP pipeline and credentials, for every turn; that is a sizeable
 * part of a short turn's cost, and the clients hold nothing specific to one turn.
 */
export class ConnectorClientCache {
  private readonly clients = new BoundedPromiseCache<ConnectorClient>();
  private readonly userTokenClients = new BoundedPromiseCache<UserTokenClient>();

  /** A factory for this turn's identity that hands out cached clients. */
  factoryFor(claims: ClaimsIdentity, create: () => ConnectorFactory): ConnectorFactory {
    const caller = callerOf(claims);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.clients.get(`${caller}|${serviceUrl}|${audience ?? ''}`, () =>
          create().create(serviceUrl, audience),
        ),
    } as ConnectorFactory;
  }

  /**
   * The OAuth token client that CloudAdapter makes for every turn, whether or not the bot signs
   * anyone in: one per caller, as it too holds only the app's credentials.
   */
  userTokenClientFor(
    claims: ClaimsIdentity,
    create: () => Promise<UserTokenClient>,
  ): Promise<UserTokenClient> {
    return this.userTokenClients.get(callerOf(claims), create);
  }
}

function callerOf(claims: ClaimsIdentity): string {
  return ['aud', 'appid', 'azp'].map((type) => claims.getClaimValue(type) ?? '').join('|');
}

class BoundedPromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= MAX_CLIENTS) this.entries.clear();
      entry = create();
      // A client that could not be made (credentials refused) is not kept.
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
    }
    return entry;
  }
}
