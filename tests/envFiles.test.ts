import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvFiles, parseEnvFile } from '../src/envFiles';

describe('env/ files', () => {
  it('parses KEY=value lines with comments and quotes', () => {
    expect(parseEnvFile('# c\nA=1\nB="two words"\nexport C=3 # note\n\nbad line\nD=')).toEqual({
      A: '1',
      B: 'two words',
      C: '3',
      D: '',
    });
  });

  it('loads .env.<name> then .env.<name>.user, and never overrides the real environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-'));
    fs.writeFileSync(path.join(dir, '.env.local'), 'PORT=1000\nORG_NAME=From file\nBOT_ID=\n');
    fs.writeFileSync(path.join(dir, '.env.local.user'), 'BOT_ID=secret-id\n');
    const env: NodeJS.ProcessEnv = { PORT: '2000' };
    const loaded = loadEnvFiles(dir, 'local', env);
    expect(loaded).toHaveLength(2);
    expect(env).toEqual({ PORT: '2000', ORG_NAME: 'From file', BOT_ID: 'secret-id' });
  });
});
