import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Compiles the service once, so tests can run it as a real process. */
export function buildService(): void {
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Starts `node dist/src/index.js` on a free port and resolves once it listens. */
export function startBotProcess(env: NodeJS.ProcessEnv, startTimeoutMs = 15_000): Promise<BotProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/index.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, APP_ENV: 'test-none', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return whenListening(child, startTimeoutMs);
}

/** Resolves with the bot's address once the process logs that it listens; rejects if it exits first. */
export function whenListening(child: ChildProcess, startTimeoutMs: number): Promise<BotProcess> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`bot did not start:\n${output}`)), startTimeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)\/api\/messages"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited (${code}) before listening:\n${output}`));
    });
  });
}

export function killHard(bot: BotProcess): Promise<void> {
  return new Promise((resolve) => {
    bot.child.once('exit', () => resolve());
    bot.child.kill('SIGKILL');
  });
}
