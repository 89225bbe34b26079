import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INetworkModule } from '@azure/msal-node';
import type { GraphSettings } from '../../../src/config';
import { FetchNetworkClient } from '../../../src/graph/fetchNetworkClient';
import { FakeGraphApi, type FakeGroup, type FakeUser, type GraphReply } from './graphApi';
import { FakeTokenEndpoint, type FakeAppCredential } from './tokenEndpoint';

export { FAKE_PERMISSIONS, type FakeGroup, type FakeInstallation, type FakeUser } from './graphApi';
export type { FakeAppCredential, TokenRequest } from './tokenEndpoint';

export const FAKE_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const FAKE_CLIENT_ID = '3c1a5e0f-2b7d-4a39-9d61-7f0e8c2b4a15';
export const FAKE_CLIENT_SECRET = 'fake-graph-client-secret-value';

/** One Graph API call as it reached the fake. */
export interface GraphCall {
  /** performance.now() on arrival. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: Record<string, unknown>;
  /** An `Authorization: Bearer …` header was sent. */
  readonly authorized: boolean;
  readonly consistencyLevel?: string;
  readonly status: number;
}

/** An answer forced on the next Graph call (throttling, an outage). */
export interface ForcedReply {
  readonly status: 429 | 503 | 504 | number;
  /** `Retry-After`: seconds or an HTTP date. */
  readonly retryAfter?: string;
}

/**
 * Microsoft Entra ID's token endpoint and Microsoft Graph on one loopback server, in their real
 * wire formats, for tests of src/graph and of features built on it. Records every call; answers
 * 429/503/504 on demand, 403 for a revoked permission, 401 for an expired token, and can hang.
 *
 * msal-node only signs in over https, so the configured authority stays
 * https://login.microsoftonline.com and `networkClient` (msal's `system.networkClient`) routes its
 * requests here; Graph calls go straight to `baseUrl` (http on loopback, allowed by config).
 */
export class FakeGraph {
  readonly api = new FakeGraphApi();
  readonly tokens: FakeTokenEndpoint;
  readonly calls: GraphCall[] = [];
  /** Answers given, in order, to the next Graph calls instead of the real one. */
  readonly forced: ForcedReply[] = [];
  private hanging = false;
  private holding = false;
  private readonly held = new Set<http.ServerResponse>();
  private server?: http.Server;

  constructor(credential: FakeAppCredential = { kind: 'secret', secret: FAKE_CLIENT_SECRET }) {
    this.tokens = new FakeTokenEndpoint(FAKE_TENANT_ID, FAKE_CLIENT_ID, credential);
  }

  /** `http://127.0.0.1:<port>`: Graph's base URL in tests. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** The GRAPH_* environment that points a whole bot (loadConfig) at this fake. */
  env(): Record<string, string> {
    return {
      GRAPH_CLIENT_ID: FAKE_CLIENT_ID,
      GRAPH_TENANT_ID: FAKE_TENANT_ID,
      GRAPH_CLIENT_SECRET: FAKE_CLIENT_SECRET,
      GRAPH_BASE_URL: this.baseUrl,
      GRAPH_RATE_PER_SECOND: '1000',
      GRAPH_CONCURRENCY: '16',
    };
  }

  /** Settings for createGraph(), as loadConfig would give them, pointing at this fake. */
  settings(overrides: Partial<GraphSettings> = {}): GraphSettings {
    return {
      clientId: FAKE_CLIENT_ID,
      tenantId: FAKE_TENANT_ID,
      credential: { kind: 'secret', clientSecret: FAKE_CLIENT_SECRET },
      authorityHost: 'https://login.microsoftonline.com',
      baseUrl: this.baseUrl,
      ratePerSecond: 1000,
      concurrency: 16,
      maxAttempts: 4,
      requestTimeoutMs: 5000,
      ...overrides,
    };
  }

  /** msal-node's network client, sending what it addresses to any https host to this fake instead. */
  networkClient(): INetworkModule {
    return new FetchNetworkClient(5000, (url, init) => {
      const target = new URL(url);
      const headers = new Headers(init.headers);
      headers.set('x-original-host', target.host);
      return fetch(`${this.baseUrl}${target.pathname}${target.search}`, { ...init, headers });
    });
  }

  /** Graph calls to paths matching `pattern` (all by default). */
  callsTo(pattern: RegExp = /./, method?: string): GraphCall[] {
    return this.calls.filter((call) => pattern.test(call.path) && (!method || call.method === method));
  }

  /** While on, Graph calls are accepted and never answered. */
  hang(on: boolean): void {
    this.hanging = on;
    if (!on) for (const res of this.held) res.destroy();
  }

  /**
   * While on, Graph calls are carried out (an install is made) but their answers are never sent: a
   * crash between a call and the caller's record of it.
   */
  holdReplies(on: boolean): void {
    this.holding = on;
    if (!on) for (const res of this.held) res.destroy();
  }

  /** Puts the app in the organisation's catalog under its manifest id; returns its catalog id. */
  addTeamsApp(externalId: string, catalogId: string = crypto.randomUUID()): string {
    this.api.teamsApps.set(externalId, catalogId);
    return catalogId;
  }

  /** The largest number of Graph calls that arrived within any one second. */
  peakPerSecond(): number {
    const times = this.calls.map((call) => call.at).sort((a, b) => a - b);
    let peak = 0;
    for (let start = 0, end = 0; end < times.length; end++) {
      while (times[end] - times[start] >= 1000) start++;
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  }

  addUser(user: Partial<FakeUser> & { readonly userPrincipalName: string }): FakeUser {
    const created: FakeUser = {
      id: user.id ?? crypto.randomUUID(),
      displayName: user.displayName ?? user.userPrincipalName.split('@')[0],
      mail: user.mail === undefined ? user.userPrincipalName : user.mail,
      ...user,
    };
    this.api.users.set(created.id, created);
    return created;
  }

  addGroup(displayName: string, members: readonly string[], id: string = crypto.randomUUID()): FakeGroup {
    const group: FakeGroup = { id, displayName, members: [...members] };
    this.api.groups.set(id, group);
    return group;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const at = performance.now();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', this.baseUrl);
        const reply = url.pathname.includes('/oauth2/')
          ? this.tokens.handle(String(req.headers['x-original-host'] ?? 'unknown'), url.pathname, text, at)
          : this.graphCall(req, url, text, at);
        if (reply === undefined) {
          this.held.add(res);
          res.on('close', () => this.held.delete(res));
          return;
        }
        const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status, {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...reply.headers,
        });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Undefined: leave the request hanging. */
  private graphCall(req: http.IncomingMessage, url: URL, text: string, at: number): GraphReply | undefined {
    const method = req.method ?? 'GET';
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    const authorization = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(authorization)?.[1];
    const reply = this.hanging ? undefined : this.graphReply(method, url, body, token);
    this.calls.push({
      at,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorized: token !== undefined,
      consistencyLevel: req.headers.consistencylevel as string | undefined,
      status: reply?.status ?? 0,
    });
    return this.holding ? undefined : reply;
  }

  private graphReply(
    method: string,
    url: URL,
    body: Record<string, unknown> | undefined,
    token: string | undefined,
  ): GraphReply {
    if (!token || !this.tokens.accepts(token))
      return {
        status: 401,
        body: {
          error: {
            code: 'InvalidAuthenticationToken',
            message: 'Access token has expired or is not yet valid.',
          },
        },
      };
    const forced = this.forced.shift();
    if (forced)
      return {
        status: forced.status,
        body: {
          error: {
            code: forced.status === 429 ? 'TooManyRequests' : 'ServiceNotAvailable',
            message: 'Try later.',
          },
        },
        headers: forced.retryAfter === undefined ? undefined : { 'retry-after': forced.retryAfter },
      };
    return this.api.handle({
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      origin: this.baseUrl,
    });
  }
}
