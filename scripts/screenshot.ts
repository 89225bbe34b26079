/**
 * `npm run screenshot -- "<message>" ["click:<button title>"] …`: with `npm run playground` running,
 * types each message (or presses the last card button with that title) in the Agents Playground in
 * headless Chromium and saves a screenshot after each (screenshots/<n>.png), to check by eye.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const PLAYGROUND_URL = process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:56150';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  const messages = process.argv.slice(2);
  const outDir = path.resolve(process.env.SCREENSHOT_DIR ?? 'screenshots');
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: Number(process.env.SCREENSHOT_HEIGHT ?? 1400) },
    });
    await page.goto(PLAYGROUND_URL, { waitUntil: 'networkidle' });
    await page.screenshot({ path: path.join(outDir, '0-start.png') });
    for (const [index, message] of messages.entries()) {
      if (message.startsWith('click:')) {
        await page
          .getByRole('button', { name: message.slice('click:'.length), exact: true })
          .last()
          .click();
      } else {
        // The chat box is a rich-text editor (role textbox); the log panel has plain editable divs.
        const box = page.locator('[data-lexical-editor="true"][role="textbox"]').first();
        await box.click();
        await page.keyboard.type(message);
        await page.keyboard.press('Enter');
      }
      await page.waitForTimeout(2500);
      const file = path.join(outDir, `${index + 1}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`${message} → ${file}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
