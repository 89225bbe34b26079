/**
 * `npm run bench`: message-turn cost of our bot against a bare echo bot. Both run as child processes
 * in local mode; the same concurrent stream of staff questions (tests/fixtures/open-questions.jsonl) goes
 * to each over HTTP, alternating A B A B, and both reply through one fake Bot Connector on loopback.
 * Prints messages/s and p50/p99 latency for each, and the ratios against the targets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startConnector } from './fakeConnector';

const ROOT = path.resolve(__dirname, '../..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const MESSAGES_PER_ROUND = Number(process.env.BENCH_MESSAGES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PEOPLE = 500;

interface Result {
  /** CPU used by the bot process and by this (load and connector) process during the round, in % of one core. */
  botCpu?: number;
  loadCpu?: number;
  durationMs: number;
  latencies: number[];
  errors: number;
}

function questions(): string[] {
  const file = path.resolve(ROOT, 'tests/fixtures/open-questions.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

async function startProcess(script: string, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each process there, to see where a turn's time goes.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, 'dist', script)], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      if (response.status > 0) return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${script} did not start`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function activity(text: string, index: number, serviceUrl: string): string {
  const person = index % PEOPLE;
  return JSON.stringify({
    type: 'message',
    id: `m-${index}`,
    text,
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:person-${person}`, aadObjectId: `aad-${person}`, name: `Person ${person}` },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: `a:conversation-${person}`, conversationType: 'personal', tenantId: 'tenant' },
    channelData: { tenant: { id: 'tenant' } },
  });
}

/** CPU seconds a process has used so far, from /proc (Linux), to see which side limits a run. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function drive(port: number, texts: string[], serviceUrl: string, offset: number): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < MESSAGES_PER_ROUND) {
      const index = next++;
      const sentAt = process.hrtime.bigint();
      const status = await post(port, activity(texts[index % texts.length], offset + index, serviceUrl));
      latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
      if (status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { durationMs: Number(process.hrtime.bigint() - started) / 1e6, latencies, errors };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(results: Result[]): {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  count: number;
  botCpu: number;
  loadCpu: number;
} {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const latencies = results.flatMap((result) => result.latencies);
  const duration = results.reduce((sum, result) => sum + result.durationMs, 0);
  return {
    rate: (latencies.length / duration) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    count: latencies.length,
    botCpu: mean(results.map((result) => result.botCpu ?? Number.NaN)),
    loadCpu: mean(results.map((result) => result.loadCpu ?? Number.NaN)),
  };
}

async function main(): Promise<void> {
  const texts = questions();
  const connector = await startConnector();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  // The per-person message rate is lifted: the bench measures what a turn costs, and 500 people
  // sending as fast as the load allows would otherwise be told to slow down.
  const ours = await startProcess(
    'src/index.js',
    {
      DATA_DIR: dataDir,
      APP_ENV: 'bench-none',
      USER_MESSAGE_BURST: '1000',
      USER_MESSAGES_PER_MINUTE: '6000',
    },
    3990,
  );
  const echo = await startProcess('bench/echoBot.js', {}, 3991);
  const oursResults: Result[] = [];
  const echoResults: Result[] = [];
  try {
    // Warm-up for both, then alternate A B A B so drift on the machine hits both alike.
    await drive(3990, texts, connector.url, 1_000_000);
    await drive(3991, texts, connector.url, 1_000_000);
    const measured = async (child: ChildProcess, port: number, round: number): Promise<Result> => {
      const [botBefore, loadBefore] = [cpuSeconds(child.pid), process.cpuUsage()];
      const result = await drive(port, texts, connector.url, round * MESSAGES_PER_ROUND);
      const load = process.cpuUsage(loadBefore);
      return {
        ...result,
        botCpu: ((cpuSeconds(child.pid) - botBefore) * 1000 * 100) / result.durationMs,
        loadCpu: ((load.user + load.system) / 1000 / result.durationMs) * 100,
      };
    };
    for (let round = 0; round < ROUNDS; round++) {
      oursResults.push(await measured(ours, 3990, round));
      echoResults.push(await measured(echo, 3991, round));
    }
  } finally {
    ours.kill();
    echo.kill();
    connector.close();
    agent.destroy();
  }
  const a = summarise(oursResults);
  const b = summarise(echoResults);
  const line = (name: string, s: ReturnType<typeof summarise>) =>
    `${name.padEnd(14)} ${s.rate.toFixed(0).padStart(6)} msg/s   p50 ${s.p50.toFixed(2).padStart(6)} ms   p99 ${s.p99.toFixed(2).padStart(6)} ms   (${s.count} messages, ${s.errors} errors; CPU bot ${s.botCpu.toFixed(0)}%, load+connector ${s.loadCpu.toFixed(0)}%)`;
  console.log(
    `message turns: ${ROUNDS} rounds × ${MESSAGES_PER_ROUND} messages per bot, concurrency ${CONCURRENCY}, ${texts.length} distinct questions`,
  );
  console.log(line('onboarding bot', a));
  console.log(line('echo bot', b));
  const throughputRatio = a.rate / b.rate;
  const p99Ratio = a.p99 / b.p99;
  console.log(
    `throughput ratio ${(throughputRatio * 100).toFixed(1)}% (target ≥ 80%): ${throughputRatio >= 0.8 ? 'met' : 'NOT met'}`,
  );
  console.log(`p99 ratio ${p99Ratio.toFixed(2)}× (target ≤ 1.5×): ${p99Ratio <= 1.5 ? 'met' : 'NOT met'}`);
  console.log(`connector calls received: ${connector.count()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
