import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the calls a connector received spread over time (all times in ms of `performance.now()`). */
export interface CallTimeline {
  readonly calls: number;
  readonly firstAt: number;
  readonly lastAt: number;
  /** Calls per second between one second after the first call and one second before the last. */
  readonly steadyPerSecond: number;
  /** The length of that middle stretch, in seconds (0 when the run was under 2 s long). */
  readonly steadySeconds: number;
  /** Fewest and most calls in the whole seconds of that middle stretch. */
  readonly steadyMin: number;
  readonly steadyMax: number;
  /** The most calls that started within any one second (a sliding window). */
  readonly busiestSecond: number;
  /** When that second began. */
  readonly busiestAt: number;
}

/**
 * The Teams Bot Connector on loopback for the broadcast bench: answers every call after `latencyMs`
 * (real Teams calls take ~100-200 ms, which is what bounds a sender's concurrency), records when
 * each call arrived, and counts the copies each conversation got. Never throttles: the bench
 * measures what the bot itself keeps to.
 */
export class SlowTeamsConnector {
  /** Arrival time of every call, in order. */
  readonly arrivals: number[] = [];
  private readonly copies = new Map<string, number>();
  private server?: http.Server;
  private nextId = 1;

  constructor(private readonly latencyMs: number) {}

  get serviceUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/`;
  }

  /** Copies delivered (`POST …/activities`) so far, to anyone. */
  get delivered(): number {
    let total = 0;
    for (const count of this.copies.values()) total += count;
    return total;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.arrivals.push(performance.now());
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { status, answer } = this.handle(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks));
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer));
        }, this.latencyMs);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    if (!this.server?.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Copies that reached a conversation. */
  deliveriesTo(conversationId: string): number {
    return this.copies.get(conversationId) ?? 0;
  }

  timeline(): CallTimeline {
    const times = [...this.arrivals].sort((a, b) => a - b);
    const firstAt = times[0] ?? 0;
    const lastAt = times[times.length - 1] ?? 0;
    let busiestSecond = 0;
    let busiestAt = firstAt;
    for (let start = 0, end = 0; end < times.length; end++) {
      while (times[end] - times[start] >= 1000) start++;
      if (end - start + 1 > busiestSecond) {
        busiestSecond = end - start + 1;
        busiestAt = times[start];
      }
    }
    const from = firstAt + 1000;
    const to = lastAt - 1000;
    const steadyMs = Math.max(0, to - from);
    const inMiddle = times.filter((at) => at >= from && at < to).length;
    const buckets = new Array<number>(Math.floor(steadyMs / 1000)).fill(0);
    for (const at of times) {
      const bucket = Math.floor((at - from) / 1000);
      if (at >= from && bucket < buckets.length) buckets[bucket]++;
    }
    return {
      calls: times.length,
      firstAt,
      lastAt,
      steadyPerSecond: steadyMs > 0 ? inMiddle / (steadyMs / 1000) : 0,
      steadySeconds: steadyMs / 1000,
      steadyMin: buckets.length > 0 ? Math.min(...buckets) : 0,
      steadyMax: buckets.length > 0 ? Math.max(...buckets) : 0,
      busiestSecond,
      busiestAt,
    };
  }

  private handle(method: string, url: string, raw: Buffer): { status: number; answer: unknown } {
    const parts = url.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
    // parts: v3, conversations, <conversation id>, activities, <activity id>
    if (method === 'POST' && parts.length === 2 && parts[1] === 'conversations') {
      const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as { members?: { id: string }[] }) : {};
      return { status: 201, answer: { id: `a:1on1-${body.members?.[0]?.id ?? 'unknown'}` } };
    }
    if (parts[3] === 'activities') {
      const conversationId = parts[2];
      if (method === 'POST') {
        this.copies.set(conversationId, (this.copies.get(conversationId) ?? 0) + 1);
        return { status: 201, answer: { id: `activity-${this.nextId++}` } };
      }
      if (method === 'PUT') return { status: 200, answer: { id: parts[4] } };
      if (method === 'DELETE') return { status: 200, answer: {} };
    }
    return { status: 404, answer: { error: { code: 'NotFound', message: `${method} ${url}` } } };
  }
}
