import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body: Record<string, unknown>;
}

/**
 * A stand-in for the Teams Bot Connector on loopback: it accepts the `/v3/conversations/...` calls a
 * bot makes and records them, so tests can assert on what a person would receive.
 */
export class FakeConnector {
  readonly requests: ConnectorRequest[] = [];
  /** How many members `GET /v3/conversations/{id}/pagedmembers` reports. */
  memberCount = 0;
  private server?: http.Server;
  private waiters: { count: number; resolve: () => void }[] = [];
  private nextId = 1;

  get serviceUrl(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.requests.push({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          authorization: req.headers.authorization,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.answer(req.method ?? 'GET', req.url ?? '/')));
        this.waiters = this.waiters.filter((waiter) => {
          if (this.requests.length < waiter.count) return true;
          waiter.resolve();
          return false;
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  private answer(method: string, url: string): unknown {
    const paged = /^\/v3\/conversations\/[^/]+\/pagedmembers\?(.*)$/.exec(url);
    if (method === 'GET' && paged) {
      const pageSize = Number(new URLSearchParams(paged[1]).get('pageSize') ?? 200);
      const members = Array.from({ length: Math.min(pageSize, this.memberCount) }, (_, index) => ({
        id: `29:member-${index}`,
        name: `Member ${index}`,
        aadObjectId: `aad-member-${index}`,
      }));
      return { members, continuationToken: this.memberCount > pageSize ? 'next-page' : undefined };
    }
    return { id: `sent-${this.nextId++}` };
  }

  /** Activities the bot posted into conversations. */
  get postedActivities(): Record<string, unknown>[] {
    return this.requests
      .filter(
        (request) =>
          request.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(request.path),
      )
      .map((request) => request.body);
  }

  async waitForRequests(count: number, timeoutMs = 5000): Promise<void> {
    if (this.requests.length >= count) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.requests.length} of ${count} connector calls arrived`)),
        timeoutMs,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
