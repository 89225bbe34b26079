import type { ChecklistService } from '../checklists/checklistService';
import { buildChecklistView } from '../checklists/checklistView';
import {
  emptyProgress,
  type PersonProgress,
  type ProgressRepository,
} from '../checklists/progressRepository';
import type { Clock } from '../clock';
import type { BroadcastJob } from './types';

/** Where a person stands on the broadcast's checklist. */
export type ChecklistStanding = 'done' | 'inProgress' | 'notStarted';

/** Up to this many people, their progress is read one by one; beyond, one listing is cheaper. */
const POINT_READS_UP_TO = 500;
const PARALLEL_READS = 16;

/**
 * The read model behind a broadcast's status and report: each recipient's current standing on its
 * checklist, from the progress of that job's people only (a 20-person broadcast reads 20 records,
 * not the whole company's). Everyone without progress shares one answer.
 */
export class BroadcastReport {
  constructor(
    private readonly checklists: ChecklistService,
    private readonly progress: ProgressRepository,
    private readonly now: Clock,
  ) {}

  async standings(
    job: BroadcastJob,
    people: readonly { personKey?: string }[],
  ): Promise<(recipient: { personKey?: string }) => ChecklistStanding | undefined> {
    const content = job.content;
    if (content.kind === 'notice') return () => undefined;
    const checklist = this.checklists.checklist(content.checklistId);
    const progressByPerson = await this.progressOf(people);
    const standingOf = (progress: PersonProgress): ChecklistStanding => {
      const view = buildChecklistView(checklist, progress, { inTeams: true });
      if (view.complete) return 'done';
      const started = view.stages.some((stage) =>
        stage.steps.some((step) => step.reason === 'ticked' || step.reason === 'authenticator-confirmed'),
      );
      return started ? 'inProgress' : 'notStarted';
    };
    const withoutProgress = standingOf(emptyProgress('nobody', this.now()));
    const known = new Map<string, ChecklistStanding>();
    return (recipient) => {
      if (!recipient.personKey) return undefined;
      const progress = progressByPerson.get(recipient.personKey);
      if (!progress) return withoutProgress;
      let standing = known.get(recipient.personKey);
      if (!standing) known.set(recipient.personKey, (standing = standingOf(progress)));
      return standing;
    };
  }

  private async progressOf(people: readonly { personKey?: string }[]): Promise<Map<string, PersonProgress>> {
    const keys = [...new Set(people.flatMap(({ personKey }) => (personKey ? [personKey] : [])))];
    if (keys.length > POINT_READS_UP_TO) {
      const everyone = await this.progress.list();
      return new Map(everyone.map((progress) => [progress.personKey, progress]));
    }
    const found = new Map<string, PersonProgress>();
    for (let next = 0; next < keys.length; next += PARALLEL_READS) {
      const batch = await Promise.all(
        keys.slice(next, next + PARALLEL_READS).map((key) => this.progress.find(key)),
      );
      for (const progress of batch) if (progress) found.set(progress.personKey, progress);
    }
    return found;
  }
}
