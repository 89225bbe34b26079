import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { buildTab } from '../../scripts/buildTab';
import { SqliteStore } from '../../src/state/sqliteStore';
import { TENANT_ID, type Person } from '../helpers/activities';
import { FakeConnector } from '../helpers/fakeConnector';
import { FakeEntra, TEST_TAB_CLIENT_ID, TEST_TAB_DOMAIN } from '../helpers/fakeEntra';
import { startBot, type RunningBot } from '../helpers/server';
import {
  startTeamsHost,
  type HostPageOptions,
  type HostUser,
  type TeamsHost,
} from '../helpers/teamsHost/teamsHostServer';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TAB_CLIENT_ID = TEST_TAB_CLIENT_ID;
export const TAB_DOMAIN = TEST_TAB_DOMAIN;

/** People as both the chat (activities) and the tab (tokens) know them: the same Entra object id. */
export const ALICE: Person = {
  teamsId: '29:alice-tab',
  aadObjectId: 'a1111111-1111-4111-8111-111111111111',
  name: 'Alice Example',
};
export const IVY_ADMIN: Person = {
  teamsId: '29:ivy-admin',
  aadObjectId: 'b2222222-2222-4222-8222-222222222222',
  name: 'Ivy Admin',
};

export interface TabWorld {
  readonly bot: RunningBot;
  readonly connector: FakeConnector;
  readonly entra: FakeEntra;
  readonly host: TeamsHost;
  readonly browser: Browser;
  /** A token for a person, as Teams SSO would hand the tab (for calling the API directly). */
  tokenFor(person: Person): string;
  /** The host page for a person with the tab loaded in it; resolves once the tab has rendered. */
  openTab(
    userKey: 'alice' | 'ivy',
    options?: { viewport?: { width: number; height: number } },
  ): Promise<OpenTab>;
  stop(): Promise<void>;
}

export interface OpenTab {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly tab: Frame;
}

/** Only loopback: teams-js's CDN lookup of valid origins and anything else external is refused. */
export async function loopbackOnly(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) => route.abort('blockedbyclient'),
  );
}

export async function startTabWorld(
  pages: Readonly<Record<string, HostPageOptions>> = {},
): Promise<TabWorld> {
  const assetsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-assets-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-e2e-'));
  const connector = new FakeConnector();
  const entra = new FakeEntra();
  await Promise.all([buildTab(assetsDir), connector.start(), entra.start()]);
  const bot = await startBot(
    {
      DATA_DIR: dataDir,
      TAB_CLIENT_ID,
      TAB_DOMAIN,
      ENTRA_JWKS_URI: entra.jwksUri,
      ADMIN_AAD_IDS: IVY_ADMIN.aadObjectId,
      TAB_ASSETS_DIR: assetsDir,
    },
    { store: SqliteStore.inDataDir(dataDir) },
  );
  const tokenFor = (person: Person) =>
    entra.accessToken({
      oid: person.aadObjectId,
      tenantId: TENANT_ID,
      name: person.name,
      audience: `api://${TAB_DOMAIN}/${TAB_CLIENT_ID}`,
      scope: 'access_as_user',
    });
  const hostUser = (person: Person): HostUser => ({
    oid: person.aadObjectId,
    tenantId: TENANT_ID,
    upn: `${person.name.split(' ')[0].toLowerCase()}@iteres.example`,
    name: person.name,
    token: () => tokenFor(person),
  });
  const host = await startTeamsHost({
    botUrl: bot.url,
    users: { alice: hostUser(ALICE), ivy: hostUser(IVY_ADMIN) },
    pages,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    bot,
    connector,
    entra,
    host,
    browser,
    tokenFor,
    async openTab(userKey, options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1100, height: 900 },
      });
      await loopbackOnly(context);
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await page.goto(host.pageUrl(userKey));
      const tab = await tabFrame(page);
      await tab.waitForSelector('.checklist, .notice', { timeout: 10_000 });
      return { context, page, tab };
    },
    async stop() {
      await browser.close();
      await host.stop();
      await bot.stop();
      await Promise.all([connector.stop(), entra.stop()]);
      fs.rmSync(assetsDir, { recursive: true, force: true });
    },
  };
}

/** The tab's iframe inside the host page, once it has navigated to /tab/. */
export async function tabFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#tab-frame');
  for (let tries = 0; tries < 100; tries++) {
    const frame = await handle.contentFrame();
    if (frame && frame.url().includes('/tab/')) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error('the tab frame did not load');
}
