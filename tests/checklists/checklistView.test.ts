import { buildChecklistView } from '../../src/checklists/checklistView';
import { emptyProgress, type PersonProgress } from '../../src/checklists/progressRepository';
import type { Checklist, GuideStep } from '../../src/guide/types';

const step = (id: string): GuideStep => ({ id, text: `Step ${id}`, details: [], variants: [] });
const stage = (
  topicId: string,
  ids: string[],
  flags: { provenByTeams?: boolean; confirmedByAuthenticatorAnswer?: boolean } = {},
) => ({
  topicId,
  title: `Stage ${topicId}`,
  steps: ids.map(step),
  provenByTeams: flags.provenByTeams ?? false,
  confirmedByAuthenticatorAnswer: flags.confirmedByAuthenticatorAnswer ?? false,
});

const checklist: Checklist = {
  id: 'journey',
  title: 'Journey',
  stages: [
    stage('app', ['a1'], { confirmedByAuthenticatorAnswer: true }),
    stage('login', ['l1', 'l2'], { provenByTeams: true }),
    stage('phone', ['p1', 'p2']),
  ],
};

function progress(ticked: string[], extra: Partial<PersonProgress> = {}): PersonProgress {
  const base = emptyProgress('aad:x', new Date('2026-01-01T00:00:00Z'));
  return {
    ...base,
    completed: Object.fromEntries(ticked.map((id) => [id, '2026-01-01T00:00:00Z'])),
    completionOrder: ticked,
    ...extra,
  };
}

describe('Checklist view', () => {
  it('counts Teams-proven steps as done for people in Teams only', () => {
    expect(buildChecklistView(checklist, progress([]), { inTeams: true }).doneCount).toBe(2);
    expect(buildChecklistView(checklist, progress([]), { inTeams: false }).doneCount).toBe(0);
  });

  it('opens the first unfinished stage, marks finished ones done and later ones later', () => {
    const view = buildChecklistView(checklist, progress(['a1', 'p1']), { inTeams: true });
    expect(view.stages.map((entry) => entry.state)).toEqual(['done', 'done', 'current']);
    expect(view.nextStep?.step.id).toBe('p2');
    expect(view.lastTicked?.step.id).toBe('p1');
    expect(view.complete).toBe(false);
  });

  it('asks about the authenticator until answered or done', () => {
    expect(buildChecklistView(checklist, progress([]), { inTeams: true }).askAuthenticator).toBe(true);
    expect(
      buildChecklistView(checklist, progress([], { authenticatorAnswer: 'no' }), { inTeams: true })
        .askAuthenticator,
    ).toBe(false);
    expect(buildChecklistView(checklist, progress(['a1']), { inTeams: true }).askAuthenticator).toBe(false);
    const confirmed = buildChecklistView(checklist, progress([], { authenticatorAnswer: 'yes' }), {
      inTeams: true,
    });
    expect(confirmed.stages[0].steps[0].reason).toBe('authenticator-confirmed');
  });

  it('follows guide edits: a removed step drops out of the counts, a new one shows as not done, the rest stays', () => {
    const ticked = progress(['a1', 'p1', 'p2']);
    const edited: Checklist = {
      ...checklist,
      stages: [checklist.stages[0], checklist.stages[1], stage('phone', ['p2', 'p3'])],
    };
    const before = buildChecklistView(checklist, ticked, { inTeams: true });
    const after = buildChecklistView(edited, ticked, { inTeams: true });
    expect([before.doneCount, before.totalCount]).toEqual([5, 5]);
    expect([after.doneCount, after.totalCount]).toEqual([4, 5]);
    expect(after.nextStep?.step.id).toBe('p3');
    // p1 is no longer in the checklist, so Undo goes to the latest tick that still is.
    expect(after.lastTicked?.step.id).toBe('p2');
  });

  it('is complete when every step is done, with no next step', () => {
    const view = buildChecklistView(checklist, progress(['a1', 'p1', 'p2']), { inTeams: true });
    expect(view.complete).toBe(true);
    expect(view.nextStep).toBeUndefined();
  });
});

describe('MFA registration from Entra ID', () => {
  it('shows the authenticator stages done for someone Entra says is registered, and stops asking', () => {
    const view = buildChecklistView(checklist, progress([]), { inTeams: true, mfaRegistered: true });
    expect(view.stages[0].steps[0]).toMatchObject({ done: true, reason: 'mfa-registered' });
    expect(view.stages[2].steps.every((entry) => !entry.done)).toBe(true);
    expect(view.askAuthenticator).toBe(false);
    expect(view.mfaRegistered).toBe(true);
  });

  it('keeps a step the person ticked as ticked, and changes nothing for someone not registered', () => {
    expect(
      buildChecklistView(checklist, progress(['a1']), { inTeams: true, mfaRegistered: true }).stages[0]
        .steps[0].reason,
    ).toBe('ticked');
    const unregistered = buildChecklistView(checklist, progress([]), { inTeams: true, mfaRegistered: false });
    expect(unregistered.stages[0].steps[0].done).toBe(false);
    expect(unregistered.askAuthenticator).toBe(true);
    expect(unregistered.mfaRegistered).toBe(false);
  });
});
