import { ChecklistService } from '../checklists/checklistService';
import { ProgressRepository } from '../checklists/progressRepository';
import type { Clock } from '../clock';
import type { Guide } from '../guide/types';
import type { MfaStatusLookup } from '../mfa/mfaStatus';
import type { Store } from '../state/store';

/** Each person's progress through the guide's checklists. */
export interface Checklists {
  readonly progress: ProgressRepository;
  readonly service: ChecklistService;
}

export function createChecklists(
  guide: Guide,
  store: Store,
  clock: Clock,
  /** Entra ID's MFA registrations (undefined while Graph is off). */
  mfa?: MfaStatusLookup,
): Checklists {
  const progress = new ProgressRepository(store, clock);
  return { progress, service: new ChecklistService(guide, progress, clock, mfa) };
}
