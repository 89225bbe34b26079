import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGraph } from '../../src/graph';
import { readGraphCertificate } from '../../src/graph/graphCertificate';
import { FakeGraph } from '../helpers/fakeGraph';
import {
  TEST_CERTIFICATE_PEM,
  TEST_PRIVATE_KEY_PEM,
  TEST_THUMBPRINT_SHA1,
  TEST_THUMBPRINT_SHA256,
} from './testCertificate';

describe('Graph sign-in with a certificate', () => {
  let dir: string;
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-cert-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('reading GRAPH_CERTIFICATE_PATH', () => {
    it("takes the certificate's own SHA-256 thumbprint when the SHA-1 one is configured", () => {
      const file = write('both.pem', `${TEST_PRIVATE_KEY_PEM}\n${TEST_CERTIFICATE_PEM}\n`);
      const read = readGraphCertificate(
        file,
        TEST_THUMBPRINT_SHA1.toUpperCase().match(/../g)?.join(':') ?? '',
      );
      expect(read).toMatchObject({ thumbprint: TEST_THUMBPRINT_SHA256, thumbprintAlgorithm: 'sha256' });
      expect(typeof read !== 'string' && read.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    });

    it('uses the configured thumbprint with a file that holds only the key', () => {
      const file = write('key.pem', TEST_PRIVATE_KEY_PEM);
      expect(readGraphCertificate(file, TEST_THUMBPRINT_SHA1)).toMatchObject({
        thumbprint: TEST_THUMBPRINT_SHA1,
        thumbprintAlgorithm: 'sha1',
      });
    });

    it('says what is wrong with the file', () => {
      const encrypted = crypto
        .createPrivateKey(TEST_PRIVATE_KEY_PEM)
        .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' })
        .toString();
      const otherKey = crypto
        .generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString();
      const cases: [string, string, RegExp][] = [
        [path.join(dir, 'missing.pem'), TEST_THUMBPRINT_SHA1, /cannot be read \(ENOENT\)/],
        [write('cert.pem', TEST_CERTIFICATE_PEM), TEST_THUMBPRINT_SHA1, /holds no PEM private key/],
        [write('enc.pem', encrypted), TEST_THUMBPRINT_SHA1, /encrypted private key/],
        [
          write('wrong.pem', `${TEST_PRIVATE_KEY_PEM}${TEST_CERTIFICATE_PEM}`),
          'ab'.repeat(20),
          /thumbprint is C4074DAC/,
        ],
        [
          write('pair.pem', `${otherKey}${TEST_CERTIFICATE_PEM}`),
          TEST_THUMBPRINT_SHA1,
          /does not belong to its certificate/,
        ],
      ];
      for (const [file, thumbprint, problem] of cases)
        expect(readGraphCertificate(file, thumbprint)).toMatch(problem);
    });
  });

  it.each([
    ['SHA-256', `${TEST_PRIVATE_KEY_PEM}${TEST_CERTIFICATE_PEM}`],
    ['SHA-1', TEST_PRIVATE_KEY_PEM],
  ])('gets a token with a signed client assertion (%s thumbprint), no secret', async (_kind, pem) => {
    const fake = new FakeGraph({
      kind: 'certificate',
      publicKey: crypto.createPublicKey(TEST_PRIVATE_KEY_PEM),
      thumbprintSha256: TEST_THUMBPRINT_SHA256,
      thumbprintSha1: TEST_THUMBPRINT_SHA1,
    });
    await fake.start();
    try {
      const certificatePath = write('graph.pem', pem);
      const certificate = readGraphCertificate(certificatePath, TEST_THUMBPRINT_SHA1);
      if (typeof certificate === 'string') throw new Error(certificate);
      const group = fake.addGroup('Staff', []);
      const graph = createGraph(
        fake.settings({ credential: { kind: 'certificate', certificatePath, ...certificate } }),
        {
          networkClient: fake.networkClient(),
        },
      );
      await expect(graph.directory.groupName(group.id)).resolves.toBe('Staff');
      expect(fake.tokens.requests).toHaveLength(1);
      const { form, status } = fake.tokens.requests[0];
      expect(status).toBe(200);
      expect(form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      expect(form.client_assertion.split('.')).toHaveLength(3);
      expect(form.client_secret).toBeUndefined();
    } finally {
      await fake.stop();
    }
  });
});
