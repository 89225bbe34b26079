import pino from 'pino';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig } from '../../src/config';
import { MemoryStore } from '../../src/state/memoryStore';

export interface RunningBot {
  readonly app: App;
  readonly url: string;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** Starts the real restify server on a free loopback port. */
export async function startBot(env: NodeJS.ProcessEnv = {}, options: AppOptions = {}): Promise<RunningBot> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  const app = createApp(config, { store: new MemoryStore(), logger: pino({ level: 'silent' }), ...options });
  const port = await app.start();
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    async post(body, headers = {}) {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
    stop: () => app.stop(),
  };
}
