import * as path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { loadEnvFiles } from './envFiles';
import { GuideError } from './guide/loadGuide';
import { createLogger } from './logger';

async function main(): Promise<void> {
  loadEnvFiles(path.resolve('env'), process.env.APP_ENV ?? 'local');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // A promise nobody handled is a bug to log, not a reason to drop every conversation in flight.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'Unhandled promise rejection'));
  const app = createApp(config, { logger });
  await app.start();
  let stopping = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'Shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof GuideError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error('Cannot start:', error);
  }
  process.exit(1);
});
