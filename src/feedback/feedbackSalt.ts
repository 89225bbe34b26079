import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VersionConflictError, type Store } from '../state/store';

const SALT_KEY = 'feedback-salt/secret';
const saltSchema = z.object({ secret: z.string().min(32) });

/**
 * The secret that turns "this person, this answer" into an opaque voter key. Created once, at random,
 * in the shared store (the first instance to write it wins), so that every instance derives the same
 * key and nobody can recompute it from a person's id without the store.
 */
export class FeedbackSalt {
  private secret?: Promise<string>;

  constructor(private readonly store: Store) {}

  /** The keyed hash (HMAC-SHA-256) of a person's key and an answer id, as a key segment. */
  async voterKey(personKey: string, answerId: string): Promise<string> {
    const secret = await this.load();
    return createHmac('sha256', secret).update(`${personKey}\n${answerId}`).digest('base64url');
  }

  private load(): Promise<string> {
    this.secret ??= this.readOrCreate().catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }

  private async readOrCreate(): Promise<string> {
    const stored = saltSchema.safeParse((await this.store.get(SALT_KEY))?.value);
    if (stored.success) return stored.data.secret;
    const secret = randomBytes(32).toString('base64url');
    try {
      await this.store.put(SALT_KEY, { secret }, null);
      return secret;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Another instance created it first: use theirs.
      return saltSchema.parse((await this.store.get(SALT_KEY))?.value).secret;
    }
  }
}
