import * as crypto from 'node:crypto';

export interface FakeUser {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly mail: string | null;
  /** For the authentication methods report. */
  readonly isMfaRegistered?: boolean;
  readonly methodsRegistered?: readonly string[];
}

export interface FakeGroup {
  readonly id: string;
  readonly displayName: string;
  /** Ids of member users and nested groups. */
  readonly members: string[];
}

export interface FakeInstallation {
  readonly id: string;
  readonly teamsAppId: string;
  readonly chatId: string;
}

/** What a Graph answer is made of. */
export interface GraphReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** The application permissions the fake enforces, per route, as Graph's reference names them. */
export const FAKE_PERMISSIONS = {
  groupMembers: ['GroupMember.Read.All'],
  users: ['User.Read.All'],
  membershipCheck: ['User.Read.All', 'GroupMember.Read.All'],
  installations: ['TeamsAppInstallation.ReadWriteSelfForUser.All'],
  appCatalog: ['AppCatalog.Read.All'],
  report: ['AuditLog.Read.All'],
} as const;

export interface GraphCallContext {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown> | undefined;
  /** `http://127.0.0.1:port`, for absolute nextLinks. */
  readonly origin: string;
}

const graphError = (status: number, code: string, message: string): GraphReply => ({
  status,
  body: {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString(), 'request-id': crypto.randomUUID() },
    },
  },
});

const notFound = (what: string): GraphReply =>
  graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`,
  );

/** Undoes OData's doubled quotes: `'O''Brien'` → O'Brien. Undefined when the text is not `<field> eq '…'`. */
function filterValue(filter: string | null, field: string): string | undefined {
  const match = new RegExp(`^${field.replace('/', '\\/')} eq '((?:[^']|'')*)'$`).exec(filter ?? '');
  return match ? match[1].replace(/''/g, "'") : undefined;
}

/**
 * Microsoft Graph's directory and Teams app endpoints the bot uses, over an in-memory tenant, in
 * Graph's wire format: OData collections with absolute `@odata.nextLink`s, `$select`, `$top`,
 * Graph's error bodies, 404 `Request_ResourceNotFound`, 409 for a second install.
 */
export class FakeGraphApi {
  readonly users = new Map<string, FakeUser>();
  readonly groups = new Map<string, FakeGroup>();
  /** User id → apps installed in their personal scope. */
  readonly installations = new Map<string, FakeInstallation[]>();
  /** The organisation's Teams app catalog: manifest id (`externalId`) → catalog id. */
  readonly teamsApps = new Map<string, string>();
  /** Items per page at most, whatever `$top` asks (Graph's own ceiling is 999). */
  pageSize = 999;
  /** Permissions the admin has not granted: routes that need one answer 403. */
  readonly revoked = new Set<string>();

  handle(call: GraphCallContext): GraphReply {
    const parts = call.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v1.0') return graphError(400, 'BadRequest', `Invalid version: ${parts[0]}`);
    const route = parts.slice(1);
    const { method } = call;

    if (
      method === 'GET' &&
      route[0] === 'groups' &&
      route[2] === 'transitiveMembers' &&
      route[3] === 'microsoft.graph.user'
    )
      return this.guarded(FAKE_PERMISSIONS.groupMembers, () => this.transitiveMembers(route[1], call));
    if (method === 'GET' && route[0] === 'groups' && route.length === 2)
      return this.guarded(FAKE_PERMISSIONS.groupMembers, () => {
        const group = this.groups.get(route[1]);
        return group
          ? { status: 200, body: { id: group.id, displayName: group.displayName } }
          : notFound(route[1]);
      });
    if (method === 'GET' && route[0] === 'users' && route.length === 1)
      return this.guarded(FAKE_PERMISSIONS.users, () => this.usersByMail(call));
    if (method === 'GET' && route[0] === 'users' && route.length === 2)
      return this.guarded(FAKE_PERMISSIONS.users, () => {
        const user = this.user(route[1]);
        return user ? { status: 200, body: this.select(user, call.query) } : notFound(route[1]);
      });
    if (method === 'POST' && route[0] === 'users' && route[2] === 'checkMemberGroups')
      return this.guarded(FAKE_PERMISSIONS.membershipCheck, () =>
        this.checkMemberGroups(route[1], call.body),
      );
    if (route[0] === 'users' && route[2] === 'teamwork' && route[3] === 'installedApps')
      return this.guarded(FAKE_PERMISSIONS.installations, () => this.installedApps(method, route, call));
    if (method === 'GET' && route[0] === 'appCatalogs' && route[1] === 'teamsApps' && route.length === 2)
      return this.guarded(FAKE_PERMISSIONS.appCatalog, () => this.catalogApps(call));
    if (method === 'GET' && call.path === '/v1.0/reports/authenticationMethods/userRegistrationDetails')
      return this.guarded(FAKE_PERMISSIONS.report, () => this.registrations(call));
    return graphError(400, 'BadRequest', `Resource not found for the segment '${route[0]}'.`);
  }

  /** The users in a group and its nested groups, each once, in membership order. */
  transitiveUsers(groupId: string, visited = new Set<string>()): FakeUser[] {
    if (visited.has(groupId)) return [];
    visited.add(groupId);
    const users: FakeUser[] = [];
    for (const memberId of this.groups.get(groupId)?.members ?? []) {
      const user = this.users.get(memberId);
      if (user) users.push(user);
      else users.push(...this.transitiveUsers(memberId, visited));
    }
    return [...new Map(users.map((user) => [user.id, user])).values()];
  }

  private guarded(needs: readonly string[], answer: () => GraphReply): GraphReply {
    if (needs.some((permission) => this.revoked.has(permission)))
      return graphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    return answer();
  }

  private user(idOrUpn: string): FakeUser | undefined {
    const wanted = idOrUpn.toLowerCase();
    return [...this.users.values()].find(
      (user) => user.id.toLowerCase() === wanted || user.userPrincipalName.toLowerCase() === wanted,
    );
  }

  private select(item: object, query: URLSearchParams): Record<string, unknown> {
    const fields = query.get('$select')?.split(',');
    const entries = Object.entries(item).filter(([key]) => !fields || fields.includes(key));
    return Object.fromEntries(entries);
  }

  /** One page of a collection; the nextLink repeats the query with a `$skiptoken`. */
  private page(items: object[], call: GraphCallContext, extra: Record<string, unknown> = {}): GraphReply {
    const from = Number(call.query.get('$skiptoken') ?? 0);
    const size = Math.min(this.pageSize, Number(call.query.get('$top') ?? 100));
    const value = items.slice(from, from + size).map((item) => this.select(item, call.query));
    const body: Record<string, unknown> = {
      '@odata.context': `${call.origin}/v1.0/$metadata#collection`,
      ...extra,
      value,
    };
    if (from + size < items.length) {
      const next = new URLSearchParams(call.query);
      next.set('$skiptoken', String(from + size));
      body['@odata.nextLink'] = `${call.origin}${call.path}?${next.toString().replace(/\+/g, '%20')}`;
    }
    return { status: 200, body };
  }

  private transitiveMembers(groupId: string, call: GraphCallContext): GraphReply {
    if (!this.groups.has(groupId)) return notFound(groupId);
    const users = this.transitiveUsers(groupId).map(({ id, displayName, userPrincipalName, mail }) => ({
      '@odata.type': '#microsoft.graph.user',
      id,
      displayName,
      userPrincipalName,
      mail,
    }));
    const counted = call.query.get('$count') === 'true' && !call.query.has('$skiptoken');
    return this.page(users, call, counted ? { '@odata.count': users.length } : {});
  }

  private usersByMail(call: GraphCallContext): GraphReply {
    const mail = filterValue(call.query.get('$filter'), 'mail');
    if (mail === undefined) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');
    const found = [...this.users.values()].filter((user) => user.mail?.toLowerCase() === mail.toLowerCase());
    return this.page(found, call);
  }

  private checkMemberGroups(userId: string, body: Record<string, unknown> | undefined): GraphReply {
    if (!this.user(userId)) return notFound(userId);
    const asked = Array.isArray(body?.groupIds) ? (body.groupIds as string[]) : [];
    const user = this.user(userId) as FakeUser;
    const value = asked.filter((groupId) =>
      this.transitiveUsers(groupId).some((member) => member.id === user.id),
    );
    return { status: 200, body: { '@odata.context': '…/$metadata#Collection(Edm.String)', value } };
  }

  private installedApps(method: string, route: string[], call: GraphCallContext): GraphReply {
    const user = this.user(route[1]);
    if (!user) return notFound(route[1]);
    const installed = this.installations.get(user.id) ?? [];
    if (method === 'POST' && route.length === 4) {
      const bind = String(call.body?.['teamsApp@odata.bind'] ?? '');
      const match = /^https:\/\/graph\.microsoft\.com\/v1\.0\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind);
      if (!match) return graphError(400, 'BadRequest', 'teamsApp@odata.bind must name an app catalog app.');
      const teamsAppId = decodeURIComponent(match[1]);
      if (installed.some((app) => app.teamsAppId === teamsAppId))
        return graphError(409, 'Conflict', 'App is already installed.');
      installed.push({
        id: Buffer.from(`${user.id}##${teamsAppId}`).toString('base64'),
        teamsAppId,
        chatId: `19:${user.id}_${teamsAppId}@unq.gbl.spaces`,
      });
      this.installations.set(user.id, installed);
      return { status: 201 };
    }
    if (method === 'GET' && route.length === 4) {
      const appId = filterValue(call.query.get('$filter'), 'teamsApp/id');
      const value = installed
        .filter((app) => appId === undefined || app.teamsAppId === appId)
        .map((app) => ({
          id: app.id,
          ...(call.query.get('$expand') === 'teamsAppDefinition'
            ? {
                teamsAppDefinition: {
                  id: `${app.teamsAppId}-def`,
                  teamsAppId: app.teamsAppId,
                  displayName: 'App',
                },
              }
            : {}),
        }));
      return { status: 200, body: { value } };
    }
    if (method === 'GET' && route.length === 6 && route[5] === 'chat') {
      const app = installed.find((candidate) => candidate.id === route[4]);
      return app ? { status: 200, body: { id: app.chatId, chatType: 'oneOnOne' } } : notFound(route[4]);
    }
    return graphError(405, 'BadRequest', `${method} not allowed here`);
  }

  private catalogApps(call: GraphCallContext): GraphReply {
    const externalId = filterValue(call.query.get('$filter'), 'externalId');
    if (externalId === undefined) return graphError(400, 'BadRequest', 'Unsupported query.');
    const id = this.teamsApps.get(externalId);
    const value = id
      ? [{ id, externalId, displayName: 'Onboarding assistant', distributionMethod: 'organization' }]
      : [];
    return {
      status: 200,
      body: { '@odata.context': `${call.origin}/v1.0/$metadata#appCatalogs/teamsApps`, value },
    };
  }

  private registrations(call: GraphCallContext): GraphReply {
    const rows = [...this.users.values()].map((user) => ({
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      userDisplayName: user.displayName,
      isMfaRegistered: user.isMfaRegistered ?? false,
      methodsRegistered: user.methodsRegistered ?? [],
    }));
    return this.page(rows, call);
  }
}
