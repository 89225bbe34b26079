import { GraphError, GraphNotFoundError, GraphPermissionError, type GraphDirectory } from '../graph';
import type { ConversationReferences } from '../state/conversationReferences';
import { NOT_IN_TEAMS } from './audienceResolver';
import type { StoredRecipient } from './broadcastRepository';
import type { DeliveryTarget, Recipient } from './types';

/** Where Teams' Bot Connector is when no stored conversation of the tenant says otherwise. */
export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface AppInstallationSettings {
  /** The manifest id the app catalog knows the app by (TEAMS_APP_ID, else the bot's id). */
  readonly manifestId: string;
  /** The tenant the Graph app reads (the people's tenant). */
  readonly tenantId: string;
  /** The bot's id, for the delivery target (the connector does not need it to send). */
  readonly botId: string;
  /** The Bot Connector's address when no stored conversation in the tenant gives one. */
  readonly defaultServiceUrl: string;
}

/** What the install step says about one recipient. */
export type InstallStep =
  /** Installed and its chat found: the entry (with its target) is ready to be sent to. */
  | { readonly kind: 'ready'; readonly entry: StoredRecipient }
  /** Cannot be reached this way: record the recipient with this state and error. */
  | { readonly kind: 'unreachable' | 'failed'; readonly error: string }
  /** Graph refused the install itself (permission, app not in the catalog): off for this job. */
  | { readonly kind: 'refused'; readonly error: string; readonly note: string };

/** Writes a change to a recipient from the version held, and returns the new entry. */
export type RecordRecipient = (
  entry: StoredRecipient,
  change: Partial<Recipient>,
) => Promise<StoredRecipient>;

type Installer = Pick<GraphDirectory, 'installAppForUser' | 'chatWithApp' | 'teamsAppCatalogId'>;

/**
 * Reaches people who have not installed the app: installs it for them through Graph, finds their
 * chat with the bot, and makes it their delivery target, recording each step on the recipient as
 * it completes (`installedAt`, then `chatId` and the target) so that a run resumed after a crash
 * repeats neither. An install repeated after a crash between the call and its record gets 409,
 * which counts as installed. The catalog id is looked up once and kept.
 */
export class AppInstallation {
  private catalogId?: Promise<string | undefined>;
  private connectorOfTenant?: Promise<{ serviceUrl: string; botId: string }>;

  constructor(
    private readonly directory: Installer,
    private readonly conversations: ConversationReferences,
    private readonly settings: AppInstallationSettings,
    private readonly now: () => string,
  ) {}

  async reach(entry: StoredRecipient, record: RecordRecipient): Promise<InstallStep> {
    const entraId = entry.recipient.entraId;
    if (!entraId) return { kind: 'unreachable', error: NOT_IN_TEAMS };
    try {
      const appId = await this.appCatalogId();
      if (!appId) {
        const note =
          `The app (manifest id ${this.settings.manifestId}) is not in the organisation's Teams app ` +
          'catalog, so it could not be installed for people who do not have it. Upload it to the catalog.';
        return { kind: 'refused', error: 'the app could not be installed for them', note };
      }
      let current = entry;
      if (!current.recipient.installedAt) {
        await this.directory.installAppForUser(entraId, appId);
        current = await record(current, { installedAt: this.now() });
      }
      const chatId = current.recipient.chatId ?? (await this.directory.chatWithApp(entraId, appId));
      if (!chatId) return { kind: 'unreachable', error: `${NOT_IN_TEAMS}: Teams has no chat for them` };
      if (!current.recipient.chatId || !current.recipient.target) {
        const target = await this.targetFor(chatId, current.recipient);
        current = await record(current, { chatId, target, conversationId: chatId });
      }
      return { kind: 'ready', entry: current };
    } catch (error) {
      if (error instanceof GraphNotFoundError) return { kind: 'unreachable', error: NOT_IN_TEAMS };
      if (error instanceof GraphPermissionError)
        return {
          kind: 'refused',
          error: 'the app could not be installed for them (Graph permission missing)',
          note:
            `People without the app could not be reached: Microsoft Graph refused to install it ` +
            `(${error.permission} is not granted). IT: grant it with admin consent, then send again to those not reached.`,
        };
      if (error instanceof GraphError) return { kind: 'failed', error: error.message };
      throw error;
    }
  }

  private appCatalogId(): Promise<string | undefined> {
    // A failed lookup is not kept: the next recipient asks again.
    this.catalogId ??= this.directory.teamsAppCatalogId(this.settings.manifestId).catch((error: unknown) => {
      this.catalogId = undefined;
      throw error;
    });
    return this.catalogId;
  }

  /** The Bot Connector of a stored conversation in the tenant, else the default; looked up once. */
  private connector(): Promise<{ serviceUrl: string; botId: string }> {
    const { tenantId, botId, defaultServiceUrl } = this.settings;
    this.connectorOfTenant ??= this.conversations.list().then((known) => {
      const inTenant = known.find((saved) => saved.tenantId?.toLowerCase() === tenantId.toLowerCase());
      return { serviceUrl: inTenant?.serviceUrl ?? defaultServiceUrl, botId: inTenant?.botId ?? botId };
    });
    // A failed read is not kept: the next recipient reads again.
    this.connectorOfTenant.catch(() => (this.connectorOfTenant = undefined));
    return this.connectorOfTenant;
  }

  /**
   * The chat as a delivery target, on the service URL of a stored conversation in the tenant (else
   * the default), and kept as the person's conversation reference so that later broadcasts reach
   * them directly.
   */
  private async targetFor(chatId: string, recipient: Recipient): Promise<DeliveryTarget> {
    const { tenantId } = this.settings;
    const { serviceUrl, botId } = await this.connector();
    const target: DeliveryTarget = { serviceUrl, tenantId, botId, conversationId: chatId };
    await this.conversations.recordSighting({
      conversationId: chatId,
      conversationType: 'personal',
      tenantId,
      serviceUrl: target.serviceUrl,
      channelId: 'msteams',
      botId: target.botId,
      userAadObjectId: recipient.entraId,
      userName: recipient.label,
    });
    return target;
  }
}
