import type { GraphClient } from './graphClient';
import { GraphNotFoundError } from './graphErrors';
import { odataQuery, odataString, segment } from './odata';
import { GRAPH_PERMISSIONS } from './permissions';

/** A person in Entra ID, as much as the directory calls here read. */
export interface DirectoryUser {
  /** Entra object id. */
  readonly id: string;
  readonly displayName?: string;
  readonly userPrincipalName?: string;
  readonly mail?: string;
}

const USER_FIELDS = 'id,displayName,userPrincipalName,mail';
/** Graph's largest page for directory collections. */
const MAX_PAGE = 999;

interface RawUser {
  readonly id?: unknown;
  readonly displayName?: unknown;
  readonly userPrincipalName?: unknown;
  readonly mail?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** Graph writes absent values as null; callers get undefined. Undefined for an object with no id. */
function toUser(raw: RawUser): DirectoryUser | undefined {
  const id = text(raw.id);
  if (!id) return undefined;
  return {
    id,
    displayName: text(raw.displayName),
    userPrincipalName: text(raw.userPrincipalName),
    mail: text(raw.mail),
  };
}

/** Undefined instead of GraphNotFoundError. */
async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof GraphNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Every user in a group, including through nested groups, each once; other member kinds (devices,
 * service principals, the nested groups themselves) are left out by the `microsoft.graph.user`
 * cast. Read page by page as the caller iterates. A group that does not exist throws
 * GraphNotFoundError. Casts are an advanced query, hence `ConsistencyLevel: eventual` and $count.
 */
export async function* transitiveUserMembers(
  graph: GraphClient,
  groupId: string,
): AsyncGenerator<DirectoryUser, void, undefined> {
  const path =
    `/v1.0/groups/${segment(groupId)}/transitiveMembers/microsoft.graph.user` +
    odataQuery({ $select: USER_FIELDS, $top: MAX_PAGE, $count: true });
  const seen = new Set<string>();
  for await (const raw of graph.items<RawUser>(path, {
    permission: GRAPH_PERMISSIONS.groupMembers,
    headers: { ConsistencyLevel: 'eventual' },
  })) {
    const user = toUser(raw);
    if (!user || seen.has(user.id)) continue;
    seen.add(user.id);
    yield user;
  }
}

/** A group's display name; undefined when there is no such group. */
export async function groupName(graph: GraphClient, groupId: string): Promise<string | undefined> {
  const group = await unlessNotFound(
    graph.get<{ displayName?: unknown }>(
      `/v1.0/groups/${segment(groupId)}${odataQuery({ $select: 'id,displayName' })}`,
      { permission: GRAPH_PERMISSIONS.groupMembers },
    ),
  );
  return group && text(group.displayName);
}

/**
 * A user by UPN (or object id), else by primary e-mail address (`mail`, which differs from the
 * UPN for some people); undefined when neither finds one. Matching is Entra's: case-insensitive.
 */
export async function userByUpnOrMail(graph: GraphClient, value: string): Promise<DirectoryUser | undefined> {
  const wanted = value.trim();
  if (!wanted) return undefined;
  const permission = GRAPH_PERMISSIONS.users;
  const byUpn = await unlessNotFound(
    graph.get<RawUser>(`/v1.0/users/${segment(wanted)}${odataQuery({ $select: USER_FIELDS })}`, {
      permission,
    }),
  );
  if (byUpn) return toUser(byUpn);
  if (!wanted.includes('@')) return undefined;
  const byMail = await graph.get<{ value?: RawUser[] }>(
    `/v1.0/users${odataQuery({ $filter: `mail eq ${odataString(wanted)}`, $select: USER_FIELDS, $top: 2 })}`,
    { permission },
  );
  const found = byMail?.value ?? [];
  // Two people with one address would be a directory error; better no answer than the wrong person.
  return found.length === 1 ? toUser(found[0]) : undefined;
}

/**
 * Whether a user is in a group directly or through nested groups, by `checkMemberGroups` (one call,
 * however large the group or deep the nesting; listing the user's transitiveMemberOf could take
 * many pages). False for a user or group that does not exist.
 */
export async function isTransitiveMember(
  graph: GraphClient,
  groupId: string,
  userId: string,
): Promise<boolean> {
  const answer = await unlessNotFound(
    graph.request<{ value?: unknown }>('POST', `/v1.0/users/${segment(userId)}/checkMemberGroups`, {
      permission: GRAPH_PERMISSIONS.membershipCheck,
      body: { groupIds: [groupId] },
      idempotent: true, // a question, not a change
    }),
  );
  const groups = answer?.body?.value;
  return (
    Array.isArray(groups) &&
    groups.some((id) => typeof id === 'string' && id.toLowerCase() === groupId.toLowerCase())
  );
}
