import { GraphError, GraphNotFoundError, type DirectoryUser, type GraphDirectory } from '../graph';
import type { ConversationReferences, SavedConversation } from '../state/conversationReferences';
import type { TeamsConnectorClient, TeamsMember } from '../teams/connectorClient';
import type { Audience, DeliveryTarget, Recipient } from './types';

/** The audience cannot be used at all (for example a team the app is not installed in). */
export class AudienceError extends Error {}

export const NOT_IN_TEAMS = 'not in Teams yet';
export const GRAPH_OFF =
  'Microsoft Graph is not configured (GRAPH_* settings), so Entra groups cannot be used as an audience.';

/** What the resolver reads from Entra ID when Graph is on. */
export type AudienceDirectory = Pick<
  GraphDirectory,
  'transitiveUserMembers' | 'groupName' | 'userByUpnOrMail'
>;

type Draft = Omit<Recipient, 'updatedAt' | 'attempts'>;

function targetOf(saved: SavedConversation): DeliveryTarget {
  return {
    serviceUrl: saved.serviceUrl,
    tenantId: saved.tenantId,
    botId: saved.botId,
    conversationId: saved.conversationId,
  };
}

/** Channel message ids ride on the conversation id (`19:…;messageid=…`); the channel is the part before. */
export function channelIdOf(conversationId: string): string {
  return conversationId.split(';')[0];
}

/**
 * Turns an audience into recipients, from the conversations the bot knows and, for teams and
 * people it has not chatted with, the connector's rosters and member lookups. Everyone asked for
 * appears once: reachable, or marked unreachable with the reason.
 */
export class AudienceResolver {
  constructor(
    private readonly conversations: ConversationReferences,
    private readonly connector: TeamsConnectorClient,
    /** Entra ID through Graph; undefined when Graph is off (no groups, no installs for others). */
    private readonly directory?: AudienceDirectory,
  ) {}

  /** Whether Entra groups can be an audience (Graph is on). */
  get groupsAvailable(): boolean {
    return this.directory !== undefined;
  }

  /** The audience with what a person reads in a status line filled in: a group's display name. */
  async named(audience: Audience): Promise<Audience> {
    if (audience.kind !== 'group') return audience;
    if (!this.directory) throw new AudienceError(GRAPH_OFF);
    const name = await this.directory.groupName(audience.groupId);
    if (name === undefined) throw new AudienceError(`There is no Entra group "${audience.groupId}".`);
    return { ...audience, name };
  }

  async resolve(audience: Audience): Promise<Draft[]> {
    const known = await this.conversations.list();
    const personal = known.filter(
      (saved) => saved.conversationType === 'personal' && (saved.userAadObjectId || saved.userTeamsId),
    );
    const byAad = new Map(
      personal
        .filter((saved) => saved.userAadObjectId)
        .map((saved) => [saved.userAadObjectId?.toLowerCase(), saved]),
    );
    const byUpn = new Map(
      personal
        .filter((saved) => saved.userPrincipalName)
        .map((saved) => [saved.userPrincipalName?.toLowerCase(), saved]),
    );
    switch (audience.kind) {
      case 'all':
        return dedupe(personal.map((saved) => personFromConversation(saved)));
      case 'team':
        return this.teamMembers(audience.teamId, known, byAad);
      case 'channels':
        return dedupe(audience.ids.map((id) => this.channel(id, known)));
      case 'users':
        return dedupe(await Promise.all(audience.ids.map((id) => this.user(id, known, byAad, byUpn))));
      case 'group':
        return this.groupMembers(audience.groupId, byAad);
    }
  }

  /** Every user in the group, nested groups included: by their conversation, else by an app install. */
  private async groupMembers(
    groupId: string,
    byAad: Map<string | undefined, SavedConversation>,
  ): Promise<Draft[]> {
    if (!this.directory) throw new AudienceError(GRAPH_OFF);
    const drafts: Draft[] = [];
    try {
      for await (const user of this.directory.transitiveUserMembers(groupId)) {
        const saved = byAad.get(user.id.toLowerCase());
        drafts.push(saved ? personFromConversation(saved) : personToInstallFor(user));
      }
    } catch (error) {
      if (error instanceof GraphNotFoundError)
        throw new AudienceError(`There is no Entra group "${groupId}".`);
      if (error instanceof GraphError) throw new AudienceError(error.message);
      throw error;
    }
    return dedupe(drafts);
  }

  /** The person in Entra ID (by UPN, e-mail address or object id); undefined when Graph is off or fails. */
  private async directoryUser(id: string): Promise<DirectoryUser | 'unknown' | undefined> {
    if (!this.directory) return undefined;
    try {
      return (await this.directory.userByUpnOrMail(id)) ?? 'unknown';
    } catch (error) {
      if (error instanceof GraphError) return undefined;
      throw error;
    }
  }

  private async teamMembers(
    teamId: string,
    known: SavedConversation[],
    byAad: Map<string | undefined, SavedConversation>,
  ): Promise<Draft[]> {
    const team = known.find((saved) => saved.teamId === teamId);
    if (!team)
      throw new AudienceError(
        `The app is not installed in team "${teamId}" (no conversation from that team yet).`,
      );
    const members = await this.connector.allMembers(team.serviceUrl, teamId);
    return dedupe(members.map((member) => personFromMember(member, team, byAad)));
  }

  private channel(id: string, known: SavedConversation[]): Draft {
    const wanted = channelIdOf(id);
    const saved = known.find(
      (candidate) =>
        channelIdOf(candidate.conversationId) === wanted && candidate.conversationType !== 'personal',
    );
    if (!saved)
      return {
        key: `conversation:${wanted}`,
        label: wanted,
        kind: 'channel',
        state: 'unreachable',
        error: 'the app is not in this channel or chat',
      };
    return {
      key: `conversation:${wanted}`,
      label: saved.conversationType === 'channel' ? `channel ${wanted}` : `chat ${wanted}`,
      kind: 'channel',
      target: { ...targetOf(saved), conversationId: wanted },
      state: 'pending',
    };
  }

  private async user(
    id: string,
    known: SavedConversation[],
    byAad: Map<string | undefined, SavedConversation>,
    byUpn: Map<string | undefined, SavedConversation>,
  ): Promise<Draft> {
    const isUpn = id.includes('@');
    const direct = isUpn ? byUpn.get(id.toLowerCase()) : byAad.get(id.toLowerCase());
    if (direct) return personFromConversation(direct);
    const entra = await this.directoryUser(id);
    if (entra === 'unknown') return notInTeams(id);
    if (entra) {
      const saved = byAad.get(entra.id.toLowerCase());
      return saved ? personFromConversation(saved) : personToInstallFor(entra);
    }
    // Ask Teams in each team or group chat the bot shares with people; the first that knows them wins.
    const shared = known.filter((saved) => saved.conversationType !== 'personal');
    const seen = new Set<string>();
    for (const conversation of shared) {
      const where = conversation.teamId ?? channelIdOf(conversation.conversationId);
      if (seen.has(where)) continue;
      seen.add(where);
      const member = await this.connector.member(conversation.serviceUrl, where, id);
      if (member) return personFromMember(member, conversation, byAad);
    }
    return notInTeams(id);
  }
}

function notInTeams(id: string): Draft {
  return {
    key: id.includes('@') ? `upn:${id.toLowerCase()}` : `aad:${id.toLowerCase()}`,
    label: id,
    kind: 'person',
    state: 'unreachable',
    error: NOT_IN_TEAMS,
  };
}

/** Someone in Entra ID with no conversation with the bot: the sender installs the app for them. */
function personToInstallFor(user: DirectoryUser): Draft {
  const personKey = `aad:${user.id}`;
  return {
    key: personKey,
    personKey,
    label: user.displayName ?? user.userPrincipalName ?? user.mail ?? user.id,
    kind: 'person',
    state: 'pending',
    entraId: user.id,
  };
}

function personFromConversation(saved: SavedConversation): Draft {
  const personKey = saved.userAadObjectId ? `aad:${saved.userAadObjectId}` : `teams:${saved.userTeamsId}`;
  return {
    key: personKey,
    personKey,
    label: saved.userName ?? personKey,
    kind: 'person',
    target: targetOf(saved),
    state: 'pending',
  };
}

function personFromMember(
  member: TeamsMember,
  via: SavedConversation,
  byAad: Map<string | undefined, SavedConversation>,
): Draft {
  const existing = member.aadObjectId ? byAad.get(member.aadObjectId.toLowerCase()) : undefined;
  if (existing) return personFromConversation(existing);
  const personKey = member.aadObjectId ? `aad:${member.aadObjectId}` : `teams:${member.id}`;
  return {
    key: personKey,
    personKey,
    label: member.name ?? member.userPrincipalName ?? member.email ?? personKey,
    kind: 'person',
    target: { serviceUrl: via.serviceUrl, tenantId: via.tenantId, botId: via.botId, userTeamsId: member.id },
    state: 'pending',
  };
}

function dedupe(drafts: Draft[]): Draft[] {
  const byKey = new Map<string, Draft>();
  for (const draft of drafts) {
    const current = byKey.get(draft.key);
    if (!current || (current.state === 'unreachable' && draft.state !== 'unreachable'))
      byKey.set(draft.key, draft);
  }
  return [...byKey.values()];
}
