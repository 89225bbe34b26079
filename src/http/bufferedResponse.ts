import type { Response as BotResponse } from 'botbuilder';
import type { Response as RestifyResponse } from 'restify';

/**
 * Collects what CloudAdapter would write, so the route can still refuse the request (for example a
 * tenant that is not allowed) after authentication has run.
 */
export class BufferedResponse implements BotResponse {
  readonly socket = undefined;
  statusCode = 200;
  body: unknown = undefined;
  private readonly headers = new Map<string, unknown>();

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers.set(name, value);
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    return this;
  }

  writeTo(res: RestifyResponse): void {
    for (const [name, value] of this.headers) res.header(name, value);
    if (this.body === undefined) {
      res.status(this.statusCode);
      res.end();
    } else {
      res.send(this.statusCode, this.body);
    }
  }
}
