import type { Lane, RateLimiter } from './rateLimiter';

/** Supplies the Bearer token for Bot Connector calls; undefined in local (anonymous) mode. */
export interface ConnectorTokenProvider {
  token(serviceUrl: string): Promise<string | undefined>;
}

/** A connector call that failed, with what the retry policy needs to know. */
export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Milliseconds the service asked us to wait (429/503 Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface TeamsMember {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
  readonly userPrincipalName?: string;
  readonly email?: string;
}

const NETWORK_ERROR = 0;

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A 2xx reply's body, or undefined when it is not JSON: the call succeeded (a send was delivered)
 * even if what came back cannot be read, and it must be counted as done, not tried again.
 */
function parseReply(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function join(serviceUrl: string, path: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * The Teams Bot Connector REST calls the broadcaster makes, each paced by the shared limiter and
 * made exactly once (no hidden retries: the delivery engine decides, so retries are paced too).
 */
export class TeamsConnectorClient {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly tokens: ConnectorTokenProvider,
  ) {}

  /** `POST /v3/conversations`: opens (or finds) the 1:1 chat with a user. */
  async createPersonalConversation(
    serviceUrl: string,
    botId: string,
    userTeamsId: string,
    tenantId?: string,
  ): Promise<string> {
    const body = {
      isGroup: false,
      bot: { id: botId },
      members: [{ id: userTeamsId }],
      tenantId,
      channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
    };
    const result = (await this.call('POST', serviceUrl, '/v3/conversations', body)) as
      { id?: unknown } | undefined;
    if (typeof result?.id !== 'string' || !result.id)
      throw new ConnectorError(500, 'createConversation returned no id');
    return result.id;
  }

  /** `POST /v3/conversations/{id}/activities`: returns the new activity's id. */
  async sendActivity(
    serviceUrl: string,
    conversationId: string,
    activity: Record<string, unknown>,
  ): Promise<string> {
    const result = (await this.call(
      'POST',
      serviceUrl,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      activity,
    )) as { id?: unknown } | undefined;
    return typeof result?.id === 'string' ? result.id : '';
  }

  /** `PUT /v3/conversations/{id}/activities/{activityId}`. */
  async updateActivity(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: Record<string, unknown>,
  ): Promise<void> {
    const path = `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
    await this.call('PUT', serviceUrl, path, { ...activity, id: activityId });
  }

  /** `DELETE /v3/conversations/{id}/activities/{activityId}`. */
  async deleteActivity(serviceUrl: string, conversationId: string, activityId: string): Promise<void> {
    const path = `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
    await this.call('DELETE', serviceUrl, path);
  }

  /** `GET /v3/conversations/{id}/pagedmembers`, every page. */
  async allMembers(serviceUrl: string, conversationId: string): Promise<TeamsMember[]> {
    const members: TeamsMember[] = [];
    let continuationToken: string | undefined;
    do {
      const query = new URLSearchParams({ pageSize: '500' });
      if (continuationToken) query.set('continuationToken', continuationToken);
      const page = (await this.call(
        'GET',
        serviceUrl,
        `/v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers?${query}`,
        undefined,
        'resolve',
      )) as {
        members?: TeamsMember[];
        continuationToken?: string;
      };
      members.push(...(page?.members ?? []));
      continuationToken = page?.continuationToken || undefined;
    } while (continuationToken);
    return members;
  }

  /** `GET /v3/conversations/{id}/members/{userId or UPN}`; undefined when Teams does not know them there. */
  async member(
    serviceUrl: string,
    conversationId: string,
    memberId: string,
  ): Promise<TeamsMember | undefined> {
    try {
      const path = `/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(memberId)}`;
      return (await this.call('GET', serviceUrl, path, undefined, 'resolve')) as TeamsMember;
    } catch (error) {
      if (error instanceof ConnectorError && (error.status === 404 || error.status === 403)) return undefined;
      throw error;
    }
  }

  private async call(
    method: string,
    serviceUrl: string,
    path: string,
    body?: unknown,
    lane: Lane = 'deliver',
  ): Promise<unknown> {
    return this.limiter.run(async () => {
      let response: Response;
      let text: string;
      try {
        const token = await this.tokens.token(serviceUrl);
        response = await fetch(join(serviceUrl, path), {
          method,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        throw new ConnectorError(NETWORK_ERROR, `${method} ${path}: ${(error as Error).message}`);
      }
      try {
        text = await response.text();
      } catch (error) {
        // The status arrived but the body broke off: a 2xx was still accepted by Teams.
        if (response.ok) return undefined;
        throw new ConnectorError(NETWORK_ERROR, `${method} ${path}: ${(error as Error).message}`);
      }
      if (!response.ok) {
        throw new ConnectorError(
          response.status,
          `${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`,
          retryAfterMs(response.headers.get('retry-after')),
        );
      }
      return parseReply(text);
    }, lane);
  }
}
