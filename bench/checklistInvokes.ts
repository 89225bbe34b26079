/**
 * `npm run bench:checklist`: checklist button presses against the real service process (SQLite,
 * local mode). Prints the invoke round-trip median and p99 for sequential Done/Undo presses, and
 * what 50 parallel Done presses by one person (every journey step, the rest on one step) end in.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startService } from './serviceProcess';

const PORT = Number(process.env.BENCH_PORT ?? 3992);
const PRESSES = Number(process.env.BENCH_PRESSES ?? 1000);

function invoke(verb: string, data: Record<string, unknown>, person: string): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `i-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: `29:${person}`, aadObjectId: person },
    recipient: { id: '28:bot' },
    conversation: { id: `a:${person}`, conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } },
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

async function post(body: unknown): Promise<{ ms: number; card: string }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`http://127.0.0.1:${PORT}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, card: text };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-checklist-'));
  const child = await startService(PORT, { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  try {
    const latencies: number[] = [];
    for (let i = 0; i < PRESSES; i++) {
      const verb = i % 2 === 0 ? 'checklist.done' : 'checklist.undo';
      latencies.push(
        (await post(invoke(verb, { checklistId: 'setup', stepId: 'install-authenticator' }, 'sequential')))
          .ms,
      );
    }
    console.log(
      `sequential Done/Undo presses: ${PRESSES}, round trip p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    );

    const steps = [
      'install-authenticator',
      'open-authenticator',
      'add-account',
      'close-authenticator',
      'send-test-request',
      'approve-request',
      'open-browser',
      'go-to-portal',
      'select-sign-in',
      'type-email',
      'type-temporary-password',
      'type-temporary-again',
      'type-new-password',
      'confirm-new-password',
      'phone-install-outlook',
      'phone-outlook-add-account',
      'phone-outlook-sign-in',
      'phone-outlook-allow',
      'phone-install-teams',
      'phone-teams-sign-in',
      'close-outlook',
      'search-credential-manager',
      'open-credential-manager',
      'select-windows-credentials',
      'delete-office-credentials',
      'reopen-outlook',
      'outlook-type-email',
      'outlook-type-password',
      'outlook-approve',
    ];
    const presses = [...steps, ...Array.from({ length: 50 - steps.length }, () => 'install-authenticator')];
    const started = process.hrtime.bigint();
    await Promise.all(
      presses.map((stepId) => post(invoke('checklist.done', { checklistId: 'setup', stepId }, 'parallel'))),
    );
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    const final = await post(invoke('checklist.show', { checklistId: 'setup' }, 'parallel'));
    const line = /(\d+) of (\d+) steps done/.exec(final.card);
    console.log(
      `50 parallel Done presses (${steps.length} distinct steps, ${50 - steps.length} on one step): all answered in ${totalMs.toFixed(0)} ms; final state ${line?.[0]} (expected ${steps.length} of ${steps.length})`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
