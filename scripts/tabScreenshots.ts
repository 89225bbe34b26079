/**
 * `npm run screenshot:tab -- <out dir>`: starts the bot with the tab API against a local Entra, a
 * Teams stand-in host and headless Chromium (all on loopback), seeds some progress and a broadcast,
 * and writes PNGs of the tab to check by eye: My setup (light, dark, narrow) and Rollout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cardActionFrom, messageFrom, type Person } from '../tests/helpers/activities';
import { ALICE, IVY_ADMIN, startTabWorld, type OpenTab, type TabWorld } from '../tests/e2e/tabWorld';

async function seed(world: TabWorld): Promise<void> {
  const post = (activity: unknown) =>
    fetch(`${world.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  const serviceUrl = world.connector.serviceUrl;
  for (const person of [ALICE, IVY_ADMIN] as Person[])
    await post(messageFrom('hello', { person, serviceUrl }));
  await post(
    cardActionFrom(
      'checklist.done',
      { checklistId: 'setup', stepId: 'install-authenticator' },
      { person: ALICE, serviceUrl },
    ),
  );
  const created = await fetch(`${world.bot.url}/api/tab/rollout/broadcasts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.tokenFor(IVY_ADMIN)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ checklist: 'setup', audience: { kind: 'all' } }),
  });
  if (!created.ok) throw new Error(`could not create a broadcast: ${created.status} ${await created.text()}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

async function shoot(open: OpenTab, file: string): Promise<void> {
  // Let the page settle (fonts, a refresh) before the picture.
  await open.page.waitForTimeout(400);
  await open.page.locator('#tab-frame').screenshot({ path: file });
  console.log(file);
}

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? 'screenshots/tab');
  fs.mkdirSync(outDir, { recursive: true });
  const world = await startTabWorld();
  try {
    await seed(world);
    const tall = { width: 1000, height: 2200 };
    const alice = await world.openTab('alice', { viewport: tall });
    await shoot(alice, path.join(outDir, 'my-setup-light.png'));
    await alice.page.evaluate(() => window.teamsHost.setTheme('dark'));
    await shoot(alice, path.join(outDir, 'my-setup-dark.png'));
    await alice.page.evaluate(() => window.teamsHost.setTheme('contrast'));
    await shoot(alice, path.join(outDir, 'my-setup-contrast.png'));
    await alice.page.evaluate(() => window.teamsHost.setTheme('default'));
    await alice.tab
      .getByLabel('Ask in your own words')
      .fill('my phone asked me to approve a sign in but I was asleep');
    await alice.tab.getByRole('button', { name: 'Ask' }).click();
    await alice.tab.locator('.answer .warning').waitFor();
    await alice.tab.locator('.answer').scrollIntoViewIfNeeded();
    await shoot(alice, path.join(outDir, 'my-setup-answer.png'));
    await alice.context.close();

    const narrow = await world.openTab('alice', { viewport: { width: 390, height: 2400 } });
    await shoot(narrow, path.join(outDir, 'my-setup-narrow.png'));
    await narrow.context.close();

    const ivy = await world.openTab('ivy', { viewport: tall });
    await ivy.tab.getByRole('tab', { name: 'Rollout' }).click();
    await ivy.tab.locator('.broadcast').first().waitFor();
    await ivy.tab.locator('.broadcast [data-action="people"]').first().click();
    await ivy.tab.locator('.people').first().waitFor();
    await ivy.tab.getByRole('button', { name: 'Preview' }).click();
    await ivy.tab.locator('.composer__count').waitFor();
    await shoot(ivy, path.join(outDir, 'rollout-light.png'));
    await ivy.context.close();
  } finally {
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
