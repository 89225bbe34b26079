import type { Activity } from 'botbuilder';
import type { ConversationSighting } from '../state/conversationReferences';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { name?: string };
}

/** The reference worth keeping from an incoming activity, or undefined when it cannot be replied to. */
export function conversationSightingOf(activity: Partial<Activity>): ConversationSighting | undefined {
  const conversation = activity.conversation;
  if (!conversation?.id || !activity.serviceUrl || !activity.channelId || !activity.recipient?.id)
    return undefined;
  const channelData = activity.channelData as TeamsChannelData | undefined;
  const isUserMessage = activity.from?.role !== 'bot';
  return {
    conversationId: conversation.id,
    conversationType: conversation.conversationType ?? 'personal',
    teamId: channelData?.team?.id,
    teamName: channelData?.team?.name,
    conversationName: channelData?.channel?.name ?? (conversation.name || undefined),
    tenantId: conversation.tenantId ?? channelData?.tenant?.id,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    botId: activity.recipient.id,
    botName: activity.recipient.name,
    userTeamsId: isUserMessage ? activity.from?.id : undefined,
    userAadObjectId: isUserMessage ? activity.from?.aadObjectId : undefined,
    userName: isUserMessage ? activity.from?.name : undefined,
    locale: activity.locale,
    timezone: activity.localTimezone,
  };
}

/** The tenant an activity comes from, as Teams states it. */
export function tenantOf(activity: {
  channelData?: unknown;
  conversation?: { tenantId?: unknown };
}): string | undefined {
  const channelData = activity.channelData as TeamsChannelData | undefined;
  const conversationTenant = activity.conversation?.tenantId;
  return channelData?.tenant?.id ?? (typeof conversationTenant === 'string' ? conversationTenant : undefined);
}
