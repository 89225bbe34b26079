import { isUtf8 } from 'node:buffer';
import { gunzip } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);

/** Why a body was refused: the HTTP status and a short reason safe to show the caller. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'BodyError';
  }
}

export interface BodyLimits {
  /** The most bytes read off the wire, and the most a compressed body may expand to. */
  readonly maxBytes: number;
  /** How long a client may take to send the whole body. */
  readonly timeoutMs: number;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** Whether the Content-Type is JSON in UTF-8 (the charset is optional, anything else is refused). */
function checkContentType(header: string | undefined): void {
  const [mediaType, ...parameters] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (!JSON_TYPE.test(mediaType)) throw new BodyError(415, 'The body must be JSON (application/json).');
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((part) => part.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8')
      throw new BodyError(415, 'The body must be UTF-8.');
  }
}

type Encoding = 'identity' | 'gzip';

function encodingOf(header: string | undefined): Encoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  throw new BodyError(415, 'Content-Encoding must be identity or gzip.');
}

/** Reads at most `maxBytes` off the request, within `timeoutMs`; never throws on a stream error. */
function readRaw(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes)
    return Promise.reject(new BodyError(413, 'The body is too large.'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (error: BodyError | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onData);
      if (error) {
        // Stop reading what is left; the response still goes out, then the socket is closed.
        request.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) settle(new BodyError(413, 'The body is too large.'));
      else chunks.push(chunk);
    };
    const timer = setTimeout(
      () => settle(new BodyError(408, 'The body took too long to arrive.')),
      limits.timeoutMs,
    );
    request.on('data', onData);
    request.once('end', () => settle(undefined));
    request.once('error', () => settle(new BodyError(400, 'The body could not be read.')));
    request.once('aborted', () => settle(new BodyError(400, 'The body could not be read.')));
  });
}

async function decode(raw: Buffer, encoding: Encoding, maxBytes: number): Promise<Buffer> {
  if (encoding === 'identity') return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyError(413, 'The body is too large once decompressed.');
    throw new BodyError(400, 'The compressed body is malformed.');
  }
}

/**
 * Reads and parses a JSON request body: only identity or gzip encodings, a limit on the bytes on
 * the wire and after decompression, a deadline, strict UTF-8 and JSON. Every failure is a BodyError
 * for this request alone; no stream error can escape to the process.
 */
export async function readJsonBody(request: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  checkContentType(request.headers['content-type']);
  const encoding = encodingOf(request.headers['content-encoding']);
  const decoded = await decode(await readRaw(request, limits), encoding, limits.maxBytes);
  if (!isUtf8(decoded)) throw new BodyError(400, 'The body is not valid UTF-8.');
  try {
    return JSON.parse(decoded.toString('utf8')) as unknown;
  } catch {
    throw new BodyError(400, 'The body is not valid JSON.');
  }
}
