import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Starts the built service (`dist/src/index.js`) in local mode on `port`; resolves once it answers. */
export async function startService(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/index.js')], {
    cwd: ROOT,
    env: { ...process.env, APP_ENV: 'bench-none', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      return child;
    } catch {
      if (attempt > 100) throw new Error('service did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
