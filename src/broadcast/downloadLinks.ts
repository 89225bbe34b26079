import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const LINK_LIFETIME_MS = 15 * 60 * 1000;

/** Short-lived signed links to a broadcast's recipient list (CSV), for the status card's "Download list". */
export class DownloadLinks {
  private readonly secret: Buffer;

  constructor(
    private readonly baseUrl: string,
    secret?: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    // Without a configured secret, links are signed with one that lives as long as the process.
    this.secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  linkFor(broadcastId: string): string {
    const expires = this.now() + LINK_LIFETIME_MS;
    return `${this.baseUrl}/api/broadcasts/${encodeURIComponent(broadcastId)}/recipients.csv?expires=${expires}&sig=${this.sign(broadcastId, expires)}`;
  }

  isValid(broadcastId: string, expires: string | undefined, signature: string | undefined): boolean {
    const expiry = Number(expires);
    if (!Number.isFinite(expiry) || expiry < this.now() || !signature) return false;
    const expected = Buffer.from(this.sign(broadcastId, expiry));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(broadcastId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${broadcastId}\n${expires}`).digest('base64url');
  }
}
