import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config';
import { GuideError, loadGuide } from '../../src/guide/loadGuide';

const config = loadConfig({});
const shippedGuide = fs.readFileSync(config.guideFile, 'utf8');

type GuideDocument = {
  topics: {
    id: string;
    steps: { id: string; text?: string; variants?: { id: string }[] }[];
    related?: unknown[];
  }[];
  [key: string]: unknown;
};

function writeGuide(edit: (document: GuideDocument) => void): string {
  const document = parse(shippedGuide) as GuideDocument;
  edit(document);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guide-')), 'guide.yaml');
  fs.writeFileSync(file, stringify(document));
  return file;
}

function failureOf(file: string): GuideError {
  try {
    loadGuide(file, config.organisation);
  } catch (error) {
    expect(error).toBeInstanceOf(GuideError);
    return error as GuideError;
  }
  throw new Error('expected the guide to be refused');
}

describe('The guide as data', () => {
  const guide = loadGuide(config.guideFile, config.organisation);

  it('covers every section of the customer page', () => {
    expect(guide.topics.map((topic) => topic.id)).toEqual([
      'authenticator_install',
      'portal_login',
      'mfa_enroll',
      'change_password',
      'm365_apps',
      'outlook_web',
      'phone_setup',
      'outlook_reconfigure',
      'reauth_prompt',
      'unrequested_prompt',
      'new_or_lost_phone',
      'sspr',
      'support',
    ]);
  });

  it('has the two safety topics and the phone topic with stable ids, warnings and placeholders filled', () => {
    const unrequested = guide.topic('unrequested_prompt');
    expect(unrequested?.warning).toBe('unrequested');
    expect(guide.warnings.unrequested.title).toMatch(/^Deny it/);
    expect(unrequested?.steps[0].text).toContain('support@iteres.com');
    const phone = guide.topic('new_or_lost_phone');
    expect(phone?.steps.map((step) => step.id)).toEqual([
      'new-phone-install',
      'new-phone-add-account',
      'new-phone-remove-old',
      'lost-phone-contact-it',
    ]);
    expect(phone?.steps[1].text).toContain('https://aka.ms/mysecurityinfo');
    expect(guide.topic('outlook_reconfigure')?.notes.join(' ')).toContain(
      'not a reason to reset your password',
    );
  });

  it('refuses a topic whose warning the guide does not define', () => {
    const file = writeGuide((document) => {
      delete (document.warnings as Record<string, unknown>).unrequested;
    });
    expect(failureOf(file).message).toContain('field "warnings.unrequested"');
  });

  it('gives every step a stable id and both authenticator variants where the apps differ', () => {
    const addAccount = guide.topic('mfa_enroll')?.steps.find((step) => step.id === 'add-account');
    expect(addAccount?.variants.map((variant) => variant.id)).toEqual(['microsoft', 'google']);
    expect(addAccount?.variants[0].steps).toEqual([
      "Select '+' in the upper right.",
      "Select 'Work or School account'.",
      "Select 'Scan QR code' and point the camera at the code on your computer screen.",
    ]);
    expect(addAccount?.variants[1].steps[0]).toBe("Select '+' in the lower right.");
  });

  it('fills organisation placeholders and leaves none behind', () => {
    const custom = loadGuide(config.guideFile, { ...config.organisation, supportEmail: 'it@example.org' });
    const text = JSON.stringify(custom.topics) + JSON.stringify(custom.warnings);
    expect(text).not.toMatch(/\{\{/);
    expect(text).toContain('it@example.org');
  });

  it('keeps only the reset steps that match whether self-service reset is enabled', () => {
    const off = guide.topic('sspr')?.steps.map((step) => step.id);
    const on = loadGuide(config.guideFile, { ...config.organisation, ssprEnabled: true })
      .topic('sspr')
      ?.steps.map((step) => step.id);
    expect(off).toEqual(['sspr-not-yet']);
    expect(on).toEqual(['sspr-open-page', 'sspr-verify', 'sspr-new-password']);
  });

  it('refuses a duplicate step id, naming the file, the entry and the field', () => {
    const file = writeGuide((document) => {
      document.topics[1].steps[0].id = document.topics[0].steps[0].id;
    });
    const error = failureOf(file);
    expect(error.message).toBe(
      `${file}: topic "portal_login", step "install-authenticator", field "id": is also a step of topic "authenticator_install"`,
    );
  });

  it('refuses a duplicate topic id', () => {
    const file = writeGuide((document) => {
      document.topics[2].id = 'portal_login';
    });
    expect(failureOf(file).message).toContain('topic "portal_login", field "id": is used by another topic');
  });

  it('refuses a step without text, naming where it is', () => {
    const file = writeGuide((document) => {
      delete document.topics[2].steps[1].text;
    });
    const error = failureOf(file);
    expect(error.entry).toBe('topic "mfa_enroll"');
    expect(error.field).toBe('steps.1.text');
  });

  it('refuses an unknown field, a bad id and a related topic that does not exist', () => {
    expect(
      failureOf(writeGuide((document) => Object.assign(document.topics[0], { colour: 'red' }))).message,
    ).toMatch(/topic "authenticator_install", field "\(the topic\)": Unrecognized key: "colour"/);
    expect(failureOf(writeGuide((document) => (document.topics[0].steps[0].id = 'Has Spaces'))).field).toBe(
      'steps.0.id',
    );
    expect(failureOf(writeGuide((document) => (document.topics[0].related = ['nowhere']))).message).toMatch(
      /field "related": names "nowhere", which is not a topic/,
    );
  });

  it('refuses an unknown placeholder', () => {
    const file = writeGuide((document) => {
      document.topics[0].steps[0].text = 'Call {{helpdeskPhone}}';
    });
    expect(failureOf(file).message).toMatch(/unknown placeholder \{\{helpdeskPhone\}\}/);
  });

  it('refuses YAML that does not parse, and a file that is not there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'topics: [\n  - id: x\n');
    expect(failureOf(path.join(dir, 'broken.yaml')).entry).toBe('YAML syntax');
    expect(failureOf(path.join(dir, 'missing.yaml')).message).toMatch(/cannot be read/);
  });
});
