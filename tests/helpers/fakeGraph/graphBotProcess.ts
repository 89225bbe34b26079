import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { whenListening, type BotProcess } from '../botProcess';
import type { FakeGraph } from './index';

/** The repository: three folders up from the source, four from its compiled copy under dist/. */
const ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..',
);

/**
 * Starts a real bot process (`dist/bench/botWithLoopbackEntra.js`, built by buildService) whose
 * Graph sign-in and calls go to this FakeGraph; resolves once it listens.
 */
export function startGraphBotProcess(
  graph: FakeGraph,
  env: NodeJS.ProcessEnv,
  startTimeoutMs = 20_000,
): Promise<BotProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/bench/botWithLoopbackEntra.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_LEVEL: 'info',
      ...graph.env(),
      LOOPBACK_ENTRA_URL: graph.baseUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return whenListening(child, startTimeoutMs);
}
