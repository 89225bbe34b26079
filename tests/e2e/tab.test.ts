import * as fs from 'node:fs';
import type { AxeResults } from 'axe-core';
import type { Frame } from 'playwright-core';
import { messageFrom, cardActionFrom } from '../helpers/activities';
import { buttonsOf } from '../helpers/cards';
import { postActivity } from '../helpers/http';
import { progressLineOf } from '../helpers/invokeCards';
import {
  ALICE,
  IVY_ADMIN,
  loopbackOnly,
  startTabWorld,
  tabFrame,
  type OpenTab,
  type TabWorld,
} from './tabWorld';

/**
 * The personal tab in real Chromium, inside a stand-in for the Teams web client that speaks the
 * teams-js postMessage protocol, against the real bot and a local Entra (tokens signed RS256).
 */
describe('Personal tab in a Teams host (Chromium)', () => {
  let world: TabWorld;
  const open: OpenTab[] = [];

  beforeAll(async () => {
    world = await startTabWorld();
  }, 30_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((tab) => tab.context.close()));
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function openTab(userKey: 'alice' | 'ivy'): Promise<OpenTab> {
    const tab = await world.openTab(userKey);
    open.push(tab);
    return tab;
  }

  const progressOf = (tab: Frame) => tab.locator('.checklist__count').first().innerText();

  /** The journey card the chat shows for "my progress", as Teams would receive it. */
  async function chatProgressCard(): Promise<unknown> {
    const before = world.connector.postedActivities.length;
    await postActivity(
      world.bot.url,
      messageFrom('my progress', { person: ALICE, serviceUrl: world.connector.serviceUrl }),
    );
    for (let tries = 0; tries < 100 && world.connector.postedActivities.length <= before; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const reply = world.connector.postedActivities.at(-1) as { attachments: { content: unknown }[] };
    return reply.attachments[0].content;
  }

  it('a step ticked in the tab is done in chat, and a step ticked in chat shows in the tab', async () => {
    const { page, tab } = await openTab('alice');
    const firstDone = tab.locator('.checklist-step:has(button[data-action="done"])').first();
    const stepKey = await firstDone.getAttribute('data-step-key');
    const stepId = stepKey?.split('/')[1] ?? '';
    const before = await progressOf(tab);
    await firstDone.getByRole('button', { name: 'Done' }).click();
    const row = tab.locator(`[data-step-key="${stepKey}"]`);
    await row.getByRole('button', { name: 'Undo' }).waitFor();
    const after = await progressOf(tab);
    expect(after).not.toBe(before);
    // Focus stays on the step (now its Undo button), and the live region says what happened.
    expect(await tab.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await tab.locator('#status', { hasText: after }).waitFor({ state: 'attached' });

    const card = await chatProgressCard();
    expect(progressLineOf(card)).toBe(after);
    expect(buttonsOf(card).some((button) => button.title === 'Done' && button.data?.stepId === stepId)).toBe(
      false,
    );

    // The reverse: Done pressed on the chat card, then the tab reopened.
    const nextStep = buttonsOf(card).find((button) => button.title === 'Done')?.data?.stepId as string;
    const invoke = cardActionFrom(
      'checklist.done',
      { checklistId: 'setup', stepId: nextStep },
      { person: ALICE, serviceUrl: world.connector.serviceUrl },
    );
    expect((await postActivity(world.bot.url, invoke)).status).toBe(200);
    await page.reload();
    const reloaded = await tabFrame(page);
    await reloaded.locator(`[data-step-key="setup/${nextStep}"] button[data-action="undo"]`).waitFor();
    expect(await progressOf(reloaded)).not.toBe(after);
  });

  it('answers a question with the safety warning first: an unrequested prompt is "Deny it"', async () => {
    const { tab } = await openTab('alice');
    await tab
      .getByLabel('Ask in your own words')
      .fill('my phone asked me to approve a sign in but I was asleep');
    await tab.getByRole('button', { name: 'Ask' }).click();
    const answer = tab.locator('.answer');
    await answer.locator('.warning').waitFor();
    const firstBlock = answer.locator(':scope > *').first();
    expect(await firstBlock.getAttribute('role')).toBe('alert');
    expect(await firstBlock.innerText()).toMatch(/^!?\s*Deny it/);
    expect(await answer.innerText()).not.toMatch(/reset your password here/i);
  });

  it('follows the theme the host switches to', async () => {
    const { page, tab } = await openTab('alice');
    const theme = () => tab.evaluate(() => document.documentElement.dataset.theme);
    expect(await theme()).toBe('default');
    for (const next of ['dark', 'contrast', 'default']) {
      await page.evaluate((value) => window.teamsHost.setTheme(value), next);
      await tab.waitForFunction((value) => document.documentElement.dataset.theme === value, next);
    }
    // The token came from Teams SSO (NAA is not recommended by this host), never through a URL.
    const calls = await page.evaluate(() => window.teamsHost.calls);
    expect(calls).toEqual(
      expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']),
    );
  });

  it('shows Rollout to an admin only; the API refuses anyone else', async () => {
    const alice = await openTab('alice');
    await alice.tab.locator('.checklist').first().waitFor();
    expect(await alice.tab.getByRole('tab', { name: 'Rollout' }).count()).toBe(0);
    const refused = await fetch(`${world.bot.url}/api/tab/rollout/broadcasts`, {
      headers: { authorization: `Bearer ${world.tokenFor(ALICE)}` },
    });
    expect(refused.status).toBe(403);

    const ivy = await openTab('ivy');
    await ivy.tab.getByRole('tab', { name: 'Rollout' }).click();
    await ivy.tab.getByRole('heading', { name: 'Recent broadcasts' }).waitFor();
    await ivy.tab.getByRole('button', { name: 'Preview' }).click();
    await ivy.tab.locator('.composer__count').waitFor();
    expect(await ivy.tab.locator('.composer__count').innerText()).toMatch(
      /^This reaches \d+ (person|people)\./,
    );
    const allowed = await fetch(`${world.bot.url}/api/tab/rollout/broadcasts`, {
      headers: { authorization: `Bearer ${world.tokenFor(IVY_ADMIN)}` },
    });
    expect(allowed.status).toBe(200);
  });

  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  async function seriousViolations(tab: Frame): Promise<string[]> {
    // Evaluated through the DevTools protocol, so the tab's CSP (script-src 'self') does not apply.
    await tab.evaluate(axeSource);
    const results = await tab.evaluate(() =>
      (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe.run(document),
    );
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
  }

  it('has no serious or critical axe violations on My setup and Rollout, light and dark', async () => {
    const { page, tab } = await openTab('ivy');
    expect(await seriousViolations(tab)).toEqual([]);
    await page.evaluate(() => window.teamsHost.setTheme('dark'));
    await tab.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await seriousViolations(tab)).toEqual([]);
    await tab.getByRole('tab', { name: 'Rollout' }).click();
    await tab.locator('.broadcast-list:not([aria-busy])').waitFor();
    expect(await seriousViolations(tab)).toEqual([]);
    await page.evaluate(() => window.teamsHost.setTheme('default'));
    await tab.waitForFunction(() => document.documentElement.dataset.theme === 'default');
    expect(await seriousViolations(tab)).toEqual([]);
  });

  it('outside Teams shows the guide read-only and asks for nothing personal', async () => {
    const context = await world.browser.newContext();
    await loopbackOnly(context);
    const requests: string[] = [];
    context.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const page = await context.newPage();
    open.push({ context, page, tab: page.mainFrame() });
    await page.goto(`${world.bot.url}/tab/`);
    await page.getByRole('heading', { name: 'Open this in Teams to see your progress' }).waitFor();
    await page.getByRole('heading', { name: 'Setup guide' }).waitFor();
    await page.locator('.topic-menu button').first().click();
    await page.locator('.topic').first().waitFor();
    expect(requests.filter((pathname) => pathname.startsWith('/api/'))).toEqual(['/api/tab/guide']);
  });
});
