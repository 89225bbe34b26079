import type { ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';

/** Teams talks to a bot from a handful of service URLs; this bounds the cache all the same. */
const MAX_CLIENTS = 256;

/**
 * One connector client per caller, service URL and audience, reused across turns. Bot Framework
 * builds a new client, with its HTTP pipeline and credentials, for every turn; that is a sizeable
 * part of a short turn's cost, and the clients hold nothing specific to one turn.
 */
export class ConnectorClientCache {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  /** A factory for this turn's identity that hands out cached clients. */
  factoryFor(claims: ClaimsIdentity, create: () => ConnectorFactory): ConnectorFactory {
    const caller = ['aud', 'appid', 'azp'].map((type) => claims.getClaimValue(type) ?? '').join('|');
    return {
      create: (serviceUrl: string, audience?: string) => {
        const key = `${caller}|${serviceUrl}|${audience ?? ''}`;
        let client = this.clients.get(key);
        if (!client) {
          if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
          client = create().create(serviceUrl, audience);
          // A client that could not be made (credentials refused) is not kept.
          client.catch(() => this.clients.delete(key));
          this.clients.set(key, client);
        }
        return client;
      },
    } as ConnectorFactory;
  }
}
