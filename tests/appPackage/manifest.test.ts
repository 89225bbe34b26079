import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import JSZip from 'jszip';
import {
  buildAppPackage,
  fillManifest,
  PackageError,
  tabDomain,
  validateManifest,
} from '../../scripts/packageApp';

const APP_PACKAGE = path.resolve(__dirname, '../../appPackage');
const VALUES = {
  BOT_ID: '1b6a5f2c-7c1e-4a8e-9a43-2f1c0e2b7d11',
  TEAMS_APP_ID: '1b6a5f2c-7c1e-4a8e-9a43-2f1c0e2b7d11',
  ORG_NAME: 'iTeres Group',
  APP_WEBSITE_URL: 'https://www.microsoft365.com',
  APP_PRIVACY_URL: 'https://www.microsoft365.com',
  APP_TERMS_URL: 'https://www.microsoft365.com',
  TAB_DOMAIN: 'onboarding.iteres.example',
};

function pngSize(file: string): { width: number; height: number } {
  const header = fs.readFileSync(file);
  expect(header.subarray(1, 4).toString()).toBe('PNG');
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG whose rows use no filter (as our icons do). */
function rgbaPixels(file: string): number[][] {
  const data = fs.readFileSync(file);
  const { width } = pngSize(file);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < data.length;) {
    const length = data.readUInt32BE(offset);
    if (data.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(data.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let row = 0; row * (width * 4 + 1) < raw.length; row++) {
    const start = row * (width * 4 + 1);
    expect(raw[start]).toBe(0);
    for (let x = 0; x < width; x++) pixels.push([...raw.subarray(start + 1 + x * 4, start + 5 + x * 4)]);
  }
  return pixels;
}

describe('Teams app package', () => {
  const manifest = fillManifest(fs.readFileSync(path.join(APP_PACKAGE, 'manifest.json'), 'utf8'), {
    ...VALUES,
    TAB_CLIENT_ID: VALUES.BOT_ID,
  }) as {
    manifestVersion: string;
    bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[];
    staticTabs: {
      entityId: string;
      name?: string;
      contentUrl?: string;
      websiteUrl?: string;
      scopes: string[];
    }[];
    webApplicationInfo: { id: string; resource: string };
    validDomains: string[];
  };

  it('validates against the official Teams manifest schema, offline', async () => {
    expect(manifest.manifestVersion).toBe('1.25');
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('the schema check is real: a manifest without a bot id fails it', async () => {
    const broken = JSON.parse(JSON.stringify(manifest)) as typeof manifest;
    broken.bots[0].botId = 'not-a-guid';
    expect((await validateManifest(broken)).join('\n')).toMatch(/botId/);
  });

  it('has the bot in personal, team and group-chat scopes with the advertised commands', () => {
    expect(manifest.bots[0].botId).toBe(VALUES.BOT_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    const commands = manifest.bots[0].commandLists[0].commands.map((command) => command.title);
    expect(commands).toEqual(
      expect.arrayContaining(['help with Outlook', 'start setup', 'reset password', 'help']),
    );
  });

  it('has one personal "My setup" tab served by the bot under /tab/, beside the chat and About', () => {
    expect(manifest.staticTabs.map((tab) => tab.entityId)).toEqual(['conversations', 'mySetup', 'about']);
    const contentTabs = manifest.staticTabs.filter((tab) => tab.contentUrl !== undefined);
    expect(contentTabs).toEqual([
      {
        entityId: 'mySetup',
        name: 'My setup',
        contentUrl: 'https://onboarding.iteres.example/tab/',
        websiteUrl: 'https://onboarding.iteres.example/tab/',
        scopes: ['personal'],
      },
    ]);
    expect(manifest.staticTabs.every((tab) => tab.scopes.join() === 'personal')).toBe(true);
  });

  it("asks Teams SSO for the bot's own API and allows the tab's domain", () => {
    expect(manifest.webApplicationInfo).toEqual({
      id: VALUES.BOT_ID,
      resource: `api://onboarding.iteres.example/${VALUES.BOT_ID}`,
    });
    expect(manifest.validDomains).toEqual(['onboarding.iteres.example']);
  });

  it('takes the tab domain from TAB_DOMAIN, else from the https PUBLIC_BASE_URL, else names the setting', () => {
    expect(tabDomain({ TAB_DOMAIN: 'Tab.Contoso.com', PUBLIC_BASE_URL: 'https://bot.contoso.com' })).toBe(
      'tab.contoso.com',
    );
    expect(tabDomain({ PUBLIC_BASE_URL: 'https://bot.contoso.com/' })).toBe('bot.contoso.com');
    expect(() => tabDomain({})).toThrow(/TAB_DOMAIN is not set.*PUBLIC_BASE_URL/);
    expect(() => tabDomain({ PUBLIC_BASE_URL: 'http://127.0.0.1:3978' })).toThrow(/set TAB_DOMAIN/);
    expect(() => tabDomain({ PUBLIC_BASE_URL: 'https://bot.contoso.com:8443' })).toThrow(/set TAB_DOMAIN/);
    expect(() => tabDomain({ TAB_DOMAIN: 'https://tab.contoso.com/tab/' })).toThrow(/host name only/);
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    expect(pngSize(path.join(APP_PACKAGE, 'color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(path.join(APP_PACKAGE, 'outline.png'))).toEqual({ width: 32, height: 32 });
    const outline = rgbaPixels(path.join(APP_PACKAGE, 'outline.png'));
    expect(outline.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255))).toBe(true);
    expect(outline.some(([, , , a]) => a === 0)).toBe(true);
    expect(outline.some(([, , , a]) => a === 255)).toBe(true);
  });

  it('writes a zip with the bot id filled in, and names what is missing', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-')), 'app.zip');
    await buildAppPackage(APP_PACKAGE, VALUES, out);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(await zip.file('manifest.json')?.async('string')).toContain(VALUES.BOT_ID);

    await expect(buildAppPackage(APP_PACKAGE, { ...VALUES, BOT_ID: undefined }, out)).rejects.toThrow(
      PackageError,
    );
    await expect(buildAppPackage(APP_PACKAGE, { ...VALUES, APP_TERMS_URL: '' }, out)).rejects.toThrow(
      /APP_TERMS_URL/,
    );
    await expect(buildAppPackage(APP_PACKAGE, { ...VALUES, TAB_DOMAIN: undefined }, out)).rejects.toThrow(
      /TAB_DOMAIN/,
    );
  });

  it('derives the tab domain from PUBLIC_BASE_URL and uses TAB_CLIENT_ID for SSO when it differs', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-')), 'app.zip');
    const tabClientId = '9e1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b';
    await buildAppPackage(
      APP_PACKAGE,
      {
        ...VALUES,
        TAB_DOMAIN: undefined,
        PUBLIC_BASE_URL: 'https://bot.iteres.example',
        TAB_CLIENT_ID: tabClientId,
      },
      out,
    );
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const packaged = JSON.parse(
      (await zip.file('manifest.json')?.async('string')) ?? '{}',
    ) as typeof manifest;
    expect(packaged.validDomains).toEqual(['bot.iteres.example']);
    expect(packaged.staticTabs[1].contentUrl).toBe('https://bot.iteres.example/tab/');
    expect(packaged.webApplicationInfo).toEqual({
      id: tabClientId,
      resource: `api://bot.iteres.example/${tabClientId}`,
    });
    expect(packaged.bots[0].botId).toBe(VALUES.BOT_ID);
  });
});
