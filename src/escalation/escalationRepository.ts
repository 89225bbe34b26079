import { randomBytes } from 'node:crypto';
import { optimisticUpdate } from '../state/optimisticUpdate';
import { listByPrefix, type Store, type StoredItem } from '../state/store';
import { ESCALATION_ID, escalationSchema, type Escalation } from './escalationRecord';

export const ESCALATION_PREFIX = 'escalation/';

function keyOf(id: string): string {
  return `${ESCALATION_PREFIX}${id}`;
}

function parsed(item: StoredItem | undefined): Escalation | undefined {
  const result = escalationSchema.safeParse(item?.value);
  return result.success ? result.data : undefined;
}

/** The outcome of a change: the escalation as stored now, and whether this call changed it. */
export interface EscalationChange {
  readonly escalation: Escalation;
  readonly changed: boolean;
}

/**
 * Escalations in the shared store. Every change is an optimistic update, so that two IT people (or
 * two bot instances) pressing at once never overwrite each other, and exactly one of them changes it.
 */
export class EscalationRepository {
  constructor(private readonly store: Store) {}

  /** A new id: short enough to read out ("reference K3F9QZ"), random enough not to be guessed. */
  newId(): string {
    return randomBytes(9).toString('base64url');
  }

  async create(escalation: Escalation): Promise<void> {
    await this.store.put(keyOf(escalation.id), escalation, null);
  }

  async get(id: string): Promise<Escalation | undefined> {
    if (!ESCALATION_ID.test(id)) return undefined;
    return parsed(await this.store.get(keyOf(id)));
  }

  /**
   * Applies `change` to the stored escalation (undefined from `change`: leave it). Undefined when
   * there is no such escalation.
   */
  async update(
    id: string,
    change: (current: Escalation) => Escalation | undefined,
  ): Promise<EscalationChange | undefined> {
    if (!ESCALATION_ID.test(id)) return undefined;
    const result = await optimisticUpdate<Escalation | undefined>(this.store, keyOf(id), parsed, (current) =>
      current ? change(current) : undefined,
    );
    return result.value && { escalation: result.value, changed: result.written };
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(keyOf(id));
  }

  /** Every escalation, newest first. */
  async list(): Promise<Escalation[]> {
    const items = await listByPrefix(this.store, ESCALATION_PREFIX);
    return items
      .map(parsed)
      .filter((escalation): escalation is Escalation => escalation !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
