/**
 * `npm run playground`: starts the bot in local mode and Microsoft's Agents Playground (a Teams-like
 * web chat that renders Adaptive Cards) pointed at it. Open http://127.0.0.1:56150 in a browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const botPort = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';
const children: ChildProcess[] = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
  child.on('exit', (code) => {
    console.log(`${path.basename(command)} exited (${code ?? 'signal'}); stopping.`);
    stopAll(code ?? 0);
  });
  children.push(child);
  return child;
}

function stopAll(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}

run(process.execPath, [path.join(root, 'dist/src/index.js')], { PORT: botPort });
run(
  path.join(root, 'node_modules/.bin/agentsplayground'),
  [
    'start',
    '--disable-telemetry',
    '-c',
    'msteams',
    '-p',
    playgroundPort,
    '-e',
    `http://127.0.0.1:${botPort}/api/messages`,
  ],
  { BOT_ENDPOINT: `http://127.0.0.1:${botPort}/api/messages`, TEAMSAPPTESTER_BROWSER: 'none' },
);
console.log(`Agents Playground: http://127.0.0.1:${playgroundPort}  (bot on port ${botPort})`);
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
