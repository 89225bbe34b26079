import { spawn, type ChildProcess } from 'node:child_process';

/** Azurite's well-known development account (public, the same for every Azurite). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
/** Resolved from node_modules, so this works from the sources (jest) and from `dist/` (benches). */
const AZURITE = require.resolve('azurite/dist/src/azurite.js');
const LISTENING = /Table service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/;

export interface RunningAzurite {
  /** For the Table service on the loopback port Azurite chose. */
  readonly connectionString: string;
  readonly tablePort: number;
  stop(): Promise<void>;
}

/**
 * Shared by the tests (`tests/helpers/azurite.ts`) and the benches (`npm run bench:broadcast`).
 * Starts Azurite from node_modules, in memory, on ports the system picks (so suites can run side by
 * side), and resolves once its Table service listens.
 */
export async function startAzurite(timeoutMs = 20_000): Promise<RunningAzurite> {
  const child = spawn(
    process.execPath,
    [
      AZURITE,
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      '0',
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const tablePort = await new Promise<number>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail(`no Table service after ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: string | null) => fail(`it exited (${signal ?? code})`);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (error) => fail(error.message));
    child.once('exit', onExit);
  });
  return {
    tablePort,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
      `TableEndpoint=http://127.0.0.1:${tablePort}/${ACCOUNT};`,
    stop: () => stop(child),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
