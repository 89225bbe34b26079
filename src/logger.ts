import pino, { type Logger } from 'pino';
import type { AppConfig } from './config';

export function createLogger(level: AppConfig['logLevel']): Logger {
  return pino({ level, base: { service: 'm365-onboarding-bot' } });
}
