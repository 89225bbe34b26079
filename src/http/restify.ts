import type * as Restify from 'restify';

/**
 * restify, loaded without the one warning it causes at start: it requires spdy, whose
 * http-deceiver calls `process.binding('http_parser')` (DEP0111) although we never use SPDY.
 * Only that warning is dropped, only while restify loads; every other warning still shows.
 */
function loadRestify(): typeof Restify {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (warning: string | Error, ...rest: unknown[]) {
    const options = rest[0];
    const code =
      typeof options === 'object' && options !== null ? (options as { code?: unknown }).code : rest[1];
    if (code === 'DEP0111') return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('restify') as typeof Restify;
  } finally {
    process.emitWarning = emitWarning;
  }
}

export const createRestifyServer: typeof Restify.createServer = (options) =>
  loadRestify().createServer(options);
