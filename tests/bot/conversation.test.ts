import * as fs from 'node:fs';
import * as path from 'node:path';
import { buttonsOf, cardOf, headingOf, visibleText } from '../helpers/cards';
import { BotHarness } from '../helpers/botHarness';

/** What a person sees when they chat with the bot: one message in, the replies and cards out. */
describe('Chatting with the setup assistant', () => {
  let bot: BotHarness;
  beforeEach(() => {
    bot = new BotHarness();
  });

  async function onlyCard(text: string) {
    const replies = await bot.say(text);
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(card).toBeDefined();
    return card as Record<string, unknown>;
  }

  it.each(['help', 'menu', 'hi', 'Hello!', 'what can you do?'])('"%s" shows the topic menu', async (text) => {
    const card = await onlyCard(text);
    expect(visibleText(card)).toContain('How can I help with Microsoft 365?');
    const topics = buttonsOf(card).filter((button) => button.verb === 'showTopic');
    expect(topics.map((button) => button.data?.topicId)).toEqual([
      'authenticator_install',
      'portal_login',
      'mfa_enroll',
      'change_password',
      'm365_apps',
      'phone_setup',
      'outlook_reconfigure',
      'reauth_prompt',
      'unrequested_prompt',
      'new_or_lost_phone',
      'sspr',
      'support',
    ]);
  });

  it('"help with Outlook" answers with the Outlook section and offers Outlook on the phone and on the web', async () => {
    const card = await onlyCard('help with Outlook');
    expect(headingOf(card)).toBe('Re-configure Outlook on your Windows desktop or laptop');
    const text = visibleText(card);
    expect(text).toContain('**1.**\nClose Outlook before you start.');
    expect(text).toContain('Credential Manager');
    expect(text).toContain('Windows Credentials');
    expect(text).toContain("'MSOfficeXX_Data: ‹GUID›'");
    expect(text).toContain('MicrosoftOffice16_Data');
    expect(text).toContain('one at a time');
    expect(text).toMatch(/Approve the request in your authenticator/);
    const titles = buttonsOf(card).map((button) => button.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Outlook on your phone', 'Outlook on the web', 'Contact IT support']),
    );
  });

  it('tells both apps apart when adding the account: + upper right and Work or School, or + lower right', async () => {
    const text = visibleText(await onlyCard('how do I scan the qr code with my authenticator'));
    expect(text).toContain(
      "**Microsoft Authenticator:** Select '+' in the upper right. → Select 'Work or School account'.",
    );
    expect(text).toContain("**Google Authenticator:** Select '+' in the lower right.");
    expect(text).toContain('Scan QR code');
    expect(text).toContain('Type the number shown on your computer screen');
  });

  it('names both authenticator apps when asked which app to download', async () => {
    const card = await onlyCard('which app do I download');
    expect(headingOf(card)).toBe('Install an authenticator app');
    expect(visibleText(card)).toMatch(/Microsoft Authenticator[\s\S]*Google Authenticator/);
  });

  it('gives the portal address from configuration for the first sign-in', async () => {
    const card = await onlyCard('what is the website to log in for the first time');
    expect(headingOf(card)).toBe('First sign-in to the Microsoft 365 portal');
    expect(visibleText(card)).toContain(
      'Type [https://www.microsoft365.com](https://www.microsoft365.com) in the address bar',
    );
    expect(visibleText(card)).toContain('temporary password');
  });

  it('uses the organisation values IT configured', async () => {
    bot = new BotHarness({ PORTAL_URL: 'https://portal.example.org', SUPPORT_EMAIL: 'helpdesk@example.org' });
    expect(visibleText(await onlyCard('which address do I type in the browser'))).toContain(
      'https://portal.example.org',
    );
    const support = await onlyCard('how do I contact the IT department');
    expect(visibleText(support)).toContain('helpdesk@example.org');
    expect(buttonsOf(support).find((button) => button.title === 'Contact IT support')?.url).toMatch(
      /^mailto:helpdesk@example\.org\?subject=/,
    );
  });

  it('walks through changing the temporary password in order', async () => {
    const text = visibleText(await onlyCard('how do I change my temp password'));
    expect(text.indexOf('TEMPORARY password again')).toBeLessThan(text.indexOf('Type your NEW password.'));
    expect(text.indexOf('Type your NEW password.')).toBeLessThan(
      text.indexOf('Type your NEW password again'),
    );
  });

  it('lists the apps people get afterwards and the stay-signed-in choice', async () => {
    const text = visibleText(await onlyCard('which apps come with microsoft 365'));
    for (const app of ['Outlook', 'Word', 'Excel', 'PowerPoint', 'Teams', 'SharePoint', 'OneDrive']) {
      expect(text).toContain(app);
    }
    expect(text).toMatch(/stay signed in/i);
  });

  it('fills the empty phone section with Outlook and Teams mobile steps', async () => {
    const card = await onlyCard('how do I get my work email on my phone');
    const text = visibleText(card);
    expect(headingOf(card)).toBe('Set up your phone or tablet (Outlook and Teams)');
    expect(text).toContain('Outlook on your phone');
    expect(text).toContain('Teams on your phone');
    expect(text).toContain('Install "Microsoft Outlook"');
    expect(text).toContain('Install "Microsoft Teams"');
  });

  it.each(['my printer is jammed', 'the VPN drops every hour', 'when is payroll', "what's for lunch?"])(
    'says it only helps with the Microsoft 365 setup for "%s", and points to IT support',
    async (text) => {
      const replies = await bot.say(text);
      expect(replies).toHaveLength(1);
      expect(replies[0].text).toContain('I can only help with the Microsoft 365 setup');
      expect(replies[0].text).toContain('support@iteres.com');
      expect(replies[0].attachments ?? []).toHaveLength(0);
    },
  );

  it('answers an empty message with the menu and a hint', async () => {
    const card = await onlyCard('   ');
    expect(visibleText(card)).toContain("I didn't catch a question there");
  });

  it('asks for a shorter message when it is over 4000 characters', async () => {
    const replies = await bot.say('outlook '.repeat(600));
    expect(replies[0].text).toMatch(/4799 characters long; I read up to 4000/);
  });

  it('understands typos and shorthand', async () => {
    expect(headingOf(await onlyCard('outlok not conecting on my laptop'))).toBe(
      'Re-configure Outlook on your Windows desktop or laptop',
    );
    const forgot = await bot.say('forgot my pw');
    expect(headingOf(cardOf(forgot[forgot.length - 1]))).toBe('Reset a forgotten password');
    expect(headingOf(await onlyCard('setting up 2fa on my phone, where is the + button'))).toBe(
      'Add your account to the authenticator and approve',
    );
  });

  it('ignores the @mention of the bot in a channel', async () => {
    const replies = await bot.say('<at>Setup Assistant</at> help with outlook');
    expect(headingOf(cardOf(replies[0]))).toBe('Re-configure Outlook on your Windows desktop or laptop');
  });

  it('gives a real answer to every command the app advertises in Teams', async () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../appPackage/manifest.json'), 'utf8'),
    ) as {
      bots: { commandLists: { commands: { title: string }[] }[] }[];
    };
    const expected: Record<string, string> = {
      help: 'How can I help with Microsoft 365?',
      'start setup': '8 of 29 steps done',
      'help with Outlook': 'Re-configure Outlook on your Windows desktop or laptop',
      'reset password': 'Reset a forgotten password',
      'which authenticator app': 'Install an authenticator app',
      'sign-in prompt': 'Do NOT reset your password',
    };
    for (const { title } of manifest.bots[0].commandLists[0].commands) {
      const replies = await bot.say(title);
      expect(visibleText(cardOf(replies[replies.length - 1]))).toContain(expected[title]);
    }
  });

  it('says you are welcome to thanks', async () => {
    const replies = await bot.say('thanks!');
    expect(replies[0].text).toMatch(/You're welcome/);
  });
});
