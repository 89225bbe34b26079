import type { Logger } from 'pino';
import type { GraphDirectory } from '../graph';

export interface AdminsSettings {
  /** Entra object ids named in ADMIN_AAD_IDS. */
  readonly adminAadIds: readonly string[];
  /** ADMIN_GROUP_ID: its members, nested groups included, are admins too. */
  readonly groupId?: string;
  /** How long one person's group answer is trusted. */
  readonly cacheMs: number;
}

/** People whose answers are remembered at once; beyond it the memory starts again. */
const MAX_ENTRIES = 10_000;

/**
 * Who is an IT admin: the people in ADMIN_AAD_IDS, and with ADMIN_GROUP_ID the members of that Entra
 * group, asked of Graph and remembered per person for a short while (so that removing someone from
 * the group takes effect within minutes). When Graph cannot answer, only ADMIN_AAD_IDS count: the
 * check fails closed, and says so once in the log.
 */
export class Admins {
  private readonly named: ReadonlySet<string>;
  private readonly answers = new Map<string, { admin: boolean; at: number }>();
  private readonly asking = new Map<string, Promise<boolean>>();
  private graphFailing = false;

  constructor(
    private readonly settings: AdminsSettings,
    private readonly directory: GraphDirectory | undefined,
    private readonly logger: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.named = new Set(settings.adminAadIds.map((id) => id.toLowerCase()));
  }

  async isAdmin(aadObjectId: string | undefined): Promise<boolean> {
    if (!aadObjectId) return false;
    const id = aadObjectId.toLowerCase();
    if (this.named.has(id)) return true;
    const { groupId } = this.settings;
    if (!groupId || !this.directory) return false;
    const known = this.answers.get(id);
    if (known && this.nowMs() - known.at < this.settings.cacheMs) return known.admin;
    let pending = this.asking.get(id);
    if (!pending) {
      pending = this.askGraph(groupId, id).finally(() => this.asking.delete(id));
      this.asking.set(id, pending);
    }
    return pending;
  }

  private async askGraph(groupId: string, id: string): Promise<boolean> {
    try {
      const admin = await (this.directory as GraphDirectory).isTransitiveMember(groupId, id);
      if (this.answers.size >= MAX_ENTRIES) this.answers.clear();
      this.answers.set(id, { admin, at: this.nowMs() });
      if (this.graphFailing) this.logger.info('Graph answers admin group checks again');
      this.graphFailing = false;
      return admin;
    } catch (error) {
      if (!this.graphFailing)
        this.logger.warn(
          { err: error, groupId },
          'Cannot check ADMIN_GROUP_ID membership through Graph; only ADMIN_AAD_IDS count as admins until it answers',
        );
      this.graphFailing = true;
      return false;
    }
  }
}
