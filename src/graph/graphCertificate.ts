import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

/** What msal-node signs its client assertion with. */
export interface GraphCertificate {
  /** The private key, re-encoded as unencrypted PKCS#8 PEM (what msal-node expects). */
  readonly privateKey: string;
  /** Hex, without separators, lower case. */
  readonly thumbprint: string;
  /** SHA-256 thumbprints are preferred; SHA-1 (the portal's "Thumbprint" column) still works. */
  readonly thumbprintAlgorithm: 'sha1' | 'sha256';
}

/**
 * Reads GRAPH_CERTIFICATE_PATH: a PEM file holding the private key, and usually the certificate too.
 * When the certificate is there, the thumbprint must be its own, and the SHA-256 one is used even if
 * the SHA-1 one was configured. Returns the reason it cannot be used instead of throwing.
 */
export function readGraphCertificate(file: string, configuredThumbprint: string): GraphCertificate | string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem))
    return 'holds an encrypted private key; export it without a password';
  const keyBlock =
    /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem);
  if (!keyBlock) return 'holds no PEM private key (-----BEGIN PRIVATE KEY-----)';
  let privateKey: string;
  try {
    privateKey = crypto.createPrivateKey(keyBlock[0]).export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch {
    return 'holds a private key that cannot be read';
  }

  const thumbprint = normaliseThumbprint(configuredThumbprint);
  const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!certificateBlock)
    return { privateKey, thumbprint, thumbprintAlgorithm: thumbprint.length === 64 ? 'sha256' : 'sha1' };
  const certificate = new crypto.X509Certificate(certificateBlock[0]);
  const sha256 = normaliseThumbprint(certificate.fingerprint256);
  const sha1 = normaliseThumbprint(certificate.fingerprint);
  if (thumbprint !== sha256 && thumbprint !== sha1)
    return `holds a certificate whose thumbprint is ${sha1.toUpperCase()} (SHA-1), not GRAPH_CERTIFICATE_THUMBPRINT`;
  if (!certificate.checkPrivateKey(crypto.createPrivateKey(privateKey)))
    return 'holds a private key that does not belong to its certificate';
  return { privateKey, thumbprint: sha256, thumbprintAlgorithm: 'sha256' };
}

/** `AB:CD…`, `ab cd…` and `ABCD…` are the same thumbprint. */
export function normaliseThumbprint(value: string): string {
  return value.replace(/[\s:]/g, '').toLowerCase();
}
