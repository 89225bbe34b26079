import type { Admins } from '../admin/admins';
import type { Logger } from 'pino';
import type * as restify from 'restify';
import { personFrom, type Person } from '../checklists/person';
import { TokenRejection, type EntraTokenValidator, type TabUser } from '../tab/entraTokenValidator';
import type { BodyLimits } from './jsonBody';
import { guarded, withJsonBody, type Handler } from './requestBody';

/** Who is calling a tab endpoint, from their validated token. */
export interface TabCaller {
  readonly user: TabUser;
  /** The same person (and progress record) as their chat turns: keyed by the Entra object id. */
  readonly person: Person;
  readonly isAdmin: boolean;
  /** How audit entries name them. */
  readonly actor: string;
}

export type TabHandler = (req: restify.Request, res: restify.Response, caller: TabCaller) => Promise<void>;
export type TabJsonHandler = (
  req: restify.Request,
  res: restify.Response,
  caller: TabCaller,
  body: unknown,
) => Promise<void>;

export interface TabAuthDependencies {
  /** Undefined when the tab API is off (no client id configured): every route answers 404. */
  readonly validator?: EntraTokenValidator;
  /** Entra object ids of the admins (ADMIN_AAD_IDS), lower case. */
  /** ADMIN_AAD_IDS and, with Graph, the members of ADMIN_GROUP_ID. */
  readonly admins: Pick<Admins, 'isAdmin'>;
  readonly logger: Logger;
  readonly bodyLimits: BodyLimits;
  /** A signed-in person who is not an admin called a Rollout endpoint. */
  readonly onRefusedAdmin: (caller: TabCaller, path: string) => Promise<void>;
}

const NOT_CONFIGURED = {
  error: 'NotFound',
  message: 'The tab API is not configured: set TAB_CLIENT_ID (or BOT_ID) to the Entra app of the tab.',
};

/** Refused Rollout calls audited per person and minute; beyond that a flood only goes to the log. */
const AUDITED_REFUSALS_PER_WINDOW = 10;
const REFUSAL_WINDOW_MS = 60_000;
const MAX_REFUSAL_WINDOWS = 10_000;

/** Personal answers are never cached by the browser or a proxy, and never sniffed into another type. */
export function noStore(res: restify.Response): void {
  res.header('Cache-Control', 'no-store');
  res.header('X-Content-Type-Options', 'nosniff');
}

function refuse(res: restify.Response, rejection: TokenRejection, scope: string): void {
  // The body (if any) stays unread: do not leave it on a connection that will be reused.
  res.header('connection', 'close');
  if (rejection.code === 'invalid_token') {
    res.header('WWW-Authenticate', 'Bearer error="invalid_token"');
    res.send(401, { error: 'Unauthorized', message: 'A valid Microsoft Entra access token is required.' });
  } else if (rejection.code === 'insufficient_scope') {
    res.header('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scope}"`);
    res.send(403, { error: 'Forbidden', message: 'The token does not grant access to this app.' });
  } else {
    res.send(403, { error: 'Forbidden', message: 'Your organisation is not allowed to use this app.' });
  }
}

/**
 * Wraps tab routes: the token is checked before anything else (the body included); a bad one gets
 * 401/403 with a generic message, its reason goes to the log at info, and the token itself nowhere.
 */
export class TabAuth {
  private readonly refusals = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly deps: TabAuthDependencies,
    private readonly scope: string,
  ) {}

  /** A route for anyone with a valid token. */
  personal(handler: TabHandler): Handler {
    return guarded(this.deps.logger, async (req, res) => {
      noStore(res);
      const caller = await this.caller(req, res);
      if (caller) await handler(req, res, caller);
    });
  }

  /** A route with a JSON body, read (within the limits) only once the token is good. */
  personalWithBody(handler: TabJsonHandler): Handler {
    return this.personal(async (req, res, caller) =>
      withJsonBody(this.deps.bodyLimits, this.deps.logger, (innerReq, innerRes, body) =>
        handler(innerReq, innerRes, caller, body),
      )(req, res),
    );
  }

  /** A Rollout route: admins only; anyone else signed in gets 403 (and the attempt is audited). */
  admin(handler: TabHandler): Handler {
    return this.personal(async (req, res, caller) => {
      if (caller.isAdmin) return handler(req, res, caller);
      if (this.auditsRefusal(caller.actor)) await this.deps.onRefusedAdmin(caller, req.getPath());
      else
        this.deps.logger.warn(
          { actor: caller.actor, path: req.getPath() },
          'Refused Rollout call not audited (flood)',
        );
      res.send(403, { error: 'Forbidden', message: 'Only IT admins can use Rollout.' });
    });
  }

  adminWithBody(handler: TabJsonHandler): Handler {
    return this.admin(async (req, res, caller) =>
      withJsonBody(this.deps.bodyLimits, this.deps.logger, (innerReq, innerRes, body) =>
        handler(innerReq, innerRes, caller, body),
      )(req, res),
    );
  }

  /** Whether this refusal gets its own audit row: any signed-in person could otherwise fill the log. */
  private auditsRefusal(actor: string): boolean {
    const now = Date.now();
    let window = this.refusals.get(actor);
    if (!window || now - window.startedAt >= REFUSAL_WINDOW_MS) {
      if (this.refusals.size >= MAX_REFUSAL_WINDOWS) this.refusals.clear();
      window = { startedAt: now, count: 0 };
      this.refusals.set(actor, window);
    }
    window.count++;
    return window.count <= AUDITED_REFUSALS_PER_WINDOW;
  }

  private async caller(req: restify.Request, res: restify.Response): Promise<TabCaller | undefined> {
    const { validator } = this.deps;
    if (!validator) {
      res.send(404, NOT_CONFIGURED);
      return undefined;
    }
    try {
      const user = await validator.validate(req.header('authorization'));
      const person = personFrom({ aadObjectId: user.oid, name: user.name }) as Person;
      const isAdmin = await this.deps.admins.isAdmin(user.oid);
      return { user, person, isAdmin, actor: `tab:${user.oid}` };
    } catch (error) {
      if (!(error instanceof TokenRejection)) throw error;
      this.deps.logger.info(
        { status: error.status, code: error.code, reason: error.reason, path: req.getPath() },
        'Refused a tab request',
      );
      refuse(res, error, this.scope);
      return undefined;
    }
  }
}
