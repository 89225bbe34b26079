import * as path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { loadEnvFiles } from './envFiles';
import { GuideError } from './guide/loadGuide';

async function main(): Promise<void> {
  loadEnvFiles(path.resolve('env'), process.env.APP_ENV ?? 'local');
  const config = loadConfig();
  const app = createApp(config);
  await app.start();
  const shutDown = () => void app.stop().then(() => process.exit(0));
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
