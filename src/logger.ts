import pino, { type Logger } from 'pino';
import type { AppConfig } from './config';
import { currentLogContext } from './logContext';

/** Secrets that could reach a log line through a request, an error or a setting. */
const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.*.headers.authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  '*.access_token',
  'BOT_PASSWORD',
  'ADMIN_API_KEY',
  '*.adminApiKey',
  '*.sig',
];

/** Structured JSON logs; each line carries the correlation id of the turn or broadcast it belongs to. */
export function createLogger(level: AppConfig['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'm365-onboarding-bot' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => currentLogContext(),
  });
}
