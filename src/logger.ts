import pino, { type Logger } from 'pino';
import type { AppConfig } from './config';

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

/**
 * Structured JSON logs, secrets redacted. Correlation: a turn's lines carry its `turnId` (a child
 * logger per request), a broadcast run's lines its `jobId` (the broadcast's id).
 */
export function createLogger(level: AppConfig['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'm365-onboarding-bot' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
