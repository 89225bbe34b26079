import type { GuideResponse, MeResponse } from '../../src/tab/contract';
import { fetchGuide, fetchSettings, TabApi } from './api';
import { createTokenSource } from './auth';
import { byId, el, replaceChildren } from './dom';
import { connectToTeams, reportLoaded, type TeamsSession } from './teamsHost';
import { applyTheme, followBrowserTheme } from './theme';
import { renderMySetup, renderReadOnly } from './views/mySetup';
import { createRolloutView } from './views/rollout';
import { showSections, type Section } from './views/sections';

const OUTSIDE_TEAMS =
  'You opened this page outside Teams. Here is the setup guide to read; your own checklist and progress are in the Setup Assistant app in Teams.';
const NO_TOKEN =
  'Your progress could not be loaded because Teams did not sign you in to the assistant. Here is the setup guide to read; try reopening the tab later.';

async function signIn(session: TeamsSession): Promise<{ api: TabApi; me: MeResponse } | undefined> {
  try {
    const api = new TabApi(await createTokenSource(session, fetchSettings));
    return { api, me: await api.me() };
  } catch {
    // No token, a refused one (401/403) or the tab API switched off (404): the guide, read-only.
    return undefined;
  }
}

async function startInTeams(session: TeamsSession, guide: GuideResponse, main: HTMLElement): Promise<void> {
  applyTheme(session.theme);
  session.onThemeChange((theme) => applyTheme(theme));
  if (session.locale) document.documentElement.lang = session.locale;
  const signedIn = await signIn(session);
  if (!signedIn) {
    renderReadOnly(main, guide, NO_TOKEN);
    return;
  }
  const { api, me } = signedIn;
  byId('greeting').textContent = me.user.name ? `${me.user.name}, ${me.orgName}` : me.orgName;
  const setup = el('div', { className: 'my-setup' });
  await renderMySetup(setup, api, guide);
  const sections: Section[] = [{ id: 'setup', label: 'My setup', element: setup }];
  if (me.isAdmin) {
    const rollout = createRolloutView(api, session.locale);
    sections.push({
      id: 'rollout',
      label: 'Rollout',
      element: rollout.element,
      onVisibilityChange: rollout.setVisible,
    });
  }
  showSections(byId('nav'), main, sections);
}

async function start(): Promise<void> {
  const main = byId('main');
  const guide = fetchGuide();
  const session = await connectToTeams();
  if (!session) {
    followBrowserTheme();
    renderReadOnly(main, await guide, OUTSIDE_TEAMS);
    return;
  }
  try {
    await startInTeams(session, await guide, main);
  } finally {
    reportLoaded();
  }
}

start().catch(() => {
  replaceChildren(byId('main'), [
    el('p', { className: 'error', attrs: { role: 'alert' } }, [
      'The page could not load. Please reopen the tab, or ask IT support.',
    ]),
  ]);
});
