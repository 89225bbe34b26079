/**
 * The bot as `dist/src/index.js` runs it, except that msal-node's sign-in requests (which go to an
 * https Entra host) are sent to a loopback fake Entra at LOOPBACK_ENTRA_URL instead: for benches and
 * crash tests that run real bot processes against tests/helpers/fakeGraph. Never for production.
 */
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { FetchNetworkClient } from '../src/graph/fetchNetworkClient';

function loopbackEntra(baseUrl: string): FetchNetworkClient {
  return new FetchNetworkClient(5000, (url, init) => {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    headers.set('x-original-host', target.host);
    return fetch(`${baseUrl}${target.pathname}${target.search}`, { ...init, headers });
  });
}

async function main(): Promise<void> {
  const entra = process.env.LOOPBACK_ENTRA_URL;
  if (!entra) throw new Error('LOOPBACK_ENTRA_URL is not set');
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const app = createApp(config, { logger, graphNetworkClient: loopbackEntra(entra) });
  await app.start();
  process.once('SIGTERM', () => {
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error('Cannot start:', error);
  process.exit(1);
});
