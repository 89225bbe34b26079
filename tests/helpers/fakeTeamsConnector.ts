import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMember {
  id: string;
  aadObjectId: string;
  userPrincipalName: string;
  name: string;
}

export interface RecordedCall {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body?: Record<string, unknown>;
}

/**
 * The Teams Bot Connector on loopback, as a broadcaster meets it: 1:1 conversation creation,
 * sends, paged rosters, member lookup and deletes, with its rate limit (429 + Retry-After) and
 * failures a test can inject. Only the calls' wire format matters here, as in real Teams.
 */
export class FakeTeamsConnector {
  readonly calls: RecordedCall[] = [];
  /** Activities delivered per conversation id. */
  readonly delivered = new Map<string, Record<string, unknown>[]>();
  readonly deleted: string[] = [];
  /** `PUT` updates of existing messages: conversation, activity id, when, and the new content. */
  readonly updated: {
    conversationId: string;
    activityId: string;
    at: number;
    body: Record<string, unknown>;
  }[] = [];
  /** Team id → its roster. */
  readonly teams = new Map<string, FakeMember[]>();
  /** Conversation (or user) ids that answer every call with this status, e.g. 403 for "uninstalled". */
  readonly failAlways = new Map<string, number>();
  /** Conversation ids that answer their next sends with these statuses, in order. */
  readonly failNext = new Map<string, number[]>();
  /** While true, every call gets 401. */
  unauthorized = false;
  /** Requests allowed per rolling second before 429; Infinity for none. */
  rateLimit = Number.POSITIVE_INFINITY;
  retryAfterSeconds = 1;
  /** While true, successful sends answer 201 with a body that is not JSON (as a broken proxy might). */
  garbledSendReplies = false;
  /** While true, successful sends answer 201 and then drop the connection half-way through the body. */
  brokenSendReplies = false;
  private server?: http.Server;
  private recentAccepted: number[] = [];
  private nextId = 1;

  get serviceUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const arrivedAt = performance.now();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        const { status, answer, headers } = this.handle(req.method ?? 'GET', req.url ?? '/', body, arrivedAt);
        this.calls.push({
          at: arrivedAt,
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          status,
          body,
        });
        const sent = req.method === 'POST' && status === 201 && /\/activities$/.test(req.url ?? '');
        if (sent && this.brokenSendReplies) {
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"id":"');
          setTimeout(() => res.destroy(), 10);
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(sent && this.garbledSendReplies ? '<html>Created</html>' : JSON.stringify(answer ?? {}));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Sends that reached a conversation (each counts once per delivered copy). */
  deliveriesTo(conversationId: string): number {
    return this.delivered.get(conversationId)?.length ?? 0;
  }

  /** The largest number of accepted-or-refused requests that started within any one second. */
  peakPerSecond(): number {
    const times = this.calls.map((call) => call.at).sort((a, b) => a - b);
    let peak = 0;
    for (let start = 0, end = 0; end < times.length; end++) {
      while (times[end] - times[start] >= 1000) start++;
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  }

  private handle(
    method: string,
    url: string,
    body: Record<string, unknown> | undefined,
    now: number,
  ): { status: number; answer?: unknown; headers?: Record<string, string> } {
    if (this.unauthorized) return { status: 401, answer: { error: { code: 'Unauthorized' } } };
    this.recentAccepted = this.recentAccepted.filter((at) => now - at < 1000);
    if (this.recentAccepted.length >= this.rateLimit) {
      return {
        status: 429,
        answer: { error: { code: 'TooManyRequests' } },
        headers: { 'retry-after': String(this.retryAfterSeconds) },
      };
    }
    this.recentAccepted.push(now);

    const [path, query] = url.split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent); // v3, conversations, id, ...
    if (method === 'POST' && parts.length === 2) {
      const members = (body?.members as { id: string }[]) ?? [];
      const userId = members[0]?.id;
      const blocked = this.failAlways.get(userId);
      if (blocked) return { status: blocked };
      return { status: 201, answer: { id: `a:1on1-${userId}` } };
    }
    const conversationId = parts[2];
    const forced = this.failAlways.get(conversationId);
    if (forced) return { status: forced };
    if (method === 'POST' && parts[3] === 'activities') {
      const queued = this.failNext.get(conversationId);
      if (queued && queued.length > 0) return { status: queued.shift() as number };
      const list = this.delivered.get(conversationId) ?? [];
      list.push(body ?? {});
      this.delivered.set(conversationId, list);
      return { status: 201, answer: { id: `activity-${this.nextId++}` } };
    }
    if (method === 'PUT' && parts[3] === 'activities') {
      this.updated.push({ conversationId, activityId: parts[4], at: now, body: body ?? {} });
      return { status: 200, answer: { id: parts[4] } };
    }
    if (method === 'DELETE' && parts[3] === 'activities') {
      this.deleted.push(`${conversationId}/${parts[4]}`);
      return { status: 200 };
    }
    if (method === 'GET' && parts[3] === 'pagedmembers') {
      const roster = this.teams.get(conversationId) ?? [];
      const params = new URLSearchParams(query);
      const size = Number(params.get('pageSize') ?? 200);
      const from = Number(params.get('continuationToken') ?? 0);
      const next = from + size < roster.length ? String(from + size) : undefined;
      return { status: 200, answer: { members: roster.slice(from, from + size), continuationToken: next } };
    }
    if (method === 'GET' && parts[3] === 'members') {
      const roster = this.teams.get(conversationId) ?? [];
      const wanted = parts[4].toLowerCase();
      const member = roster.find((candidate) =>
        [candidate.id, candidate.aadObjectId, candidate.userPrincipalName].some(
          (id) => id.toLowerCase() === wanted,
        ),
      );
      return member
        ? { status: 200, answer: member }
        : { status: 404, answer: { error: { code: 'MemberNotFound' } } };
    }
    return { status: 404, answer: { error: { code: 'NotFound', message: `${method} ${url}` } } };
  }
}
